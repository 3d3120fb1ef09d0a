package io.provisioner.steps.network.vpc;

/**
 * The four subnet tiers of seed 004, in creation order, with the third octet each starts at in
 * the seed's layout (public 10.0.0-2.0/24, app 10.0.10-12.0/24, data 10.0.20-22.0/24, management
 * 10.0.30-32.0/24).
 */
enum Tier {
  PUBLIC("public", 0),
  APP("app", 10),
  DATA("data", 20),
  MANAGEMENT("management", 30);

  private final String key;
  private final int base;

  Tier(String key, int base) {
    this.key = key;
    this.base = base;
  }

  /** The name used in the profile, checkpoint keys and resource names, e.g. {@code app}. */
  String key() {
    return key;
  }

  /** Index of the tier's first /24 inside the VPC in the seed layout. */
  int base() {
    return base;
  }

  /** True for the tiers whose internet traffic leaves through a NAT gateway. */
  boolean natRouted() {
    return this == APP || this == MANAGEMENT;
  }
}
