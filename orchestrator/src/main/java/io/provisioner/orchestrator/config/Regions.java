package io.provisioner.orchestrator.config;

import io.provisioner.steps.spec.SpecCheck;
import java.util.List;

/**
 * @param primary the home region, e.g. {@code us-east-1}
 * @param dr the disaster-recovery region, different from primary
 * @param allowed regions the allowed-regions SCP permits (must include primary and dr)
 */
public record Regions(String primary, String dr, List<String> allowed) {
  private static final String REGION = "[a-z]{2}(-gov)?-[a-z]+-\\d";

  public Regions {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    SpecCheck.of()
        .require(primary != null && primary.matches(REGION), "primary", "'" + primary + "' is not a region code like us-east-1")
        .require(dr != null && dr.matches(REGION), "dr", "'" + dr + "' is not a region code like us-west-2")
        .require(primary == null || !primary.equals(dr), "dr", "must differ from primary (" + primary + ")")
        .require(allowed.stream().allMatch(r -> r.matches(REGION)), "allowed", "every entry must be a region code")
        .require(allowed.isEmpty() || allowed.contains(primary), "allowed", "must include the primary region " + primary)
        .require(allowed.isEmpty() || allowed.contains(dr), "allowed", "must include the DR region " + dr)
        .done();
  }
}
