package io.provisioner.steps;

import java.util.Objects;

/**
 * An account (by its logical name in the profile, e.g. {@code network}) and a region.
 *
 * @param account logical account name from the profile's {@code accounts} map
 * @param region AWS region code, e.g. {@code us-east-1}
 */
public record Target(String account, String region) {
  public Target {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    if (account.isBlank() || region.isBlank()) {
      throw new IllegalArgumentException("target account and region must not be blank");
    }
  }

  public Target inRegion(String otherRegion) {
    return new Target(account, otherRegion);
  }

  @Override
  public String toString() {
    return account + "/" + region;
  }
}
