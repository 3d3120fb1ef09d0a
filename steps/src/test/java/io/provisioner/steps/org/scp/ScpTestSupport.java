package io.provisioner.steps.org.scp;

import io.provisioner.steps.org.organization.OrgTestSupport;
import io.provisioner.steps.org.scp.ScpSpec.Policy;
import io.provisioner.steps.support.PolicyDocument;
import io.provisioner.steps.testing.TestHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Seed 004's three SCPs, read from {@code src/policies/scp/} of the repository. */
final class ScpTestSupport {
  static final List<String> ALLOWED_REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1");

  private ScpTestSupport() {}

  static PolicyDocument document(String name) {
    String file = "scp/" + name + ".json";
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("src/policies/scp"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("src/policies/scp not found above " + Path.of("").toAbsolutePath());
    }
    try {
      return new PolicyDocument(name, file, Files.readString(dir.resolve("src/policies").resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seed's policies on the env's OUs: region deny and protection everywhere, S3 encryption on workloads. */
  static ScpSpec seedPolicies(TestHarness harness) {
    List<String> all = OrgTestSupport.UNITS.stream().map(u -> OrgTestSupport.unit(harness, u)).toList();
    return new ScpSpec(ALLOWED_REGIONS, null, List.of(
        new Policy("region-deny", "Deny every regional action outside the allowed regions",
            document("region-deny"), all),
        new Policy("protect-security-services", "Members cannot disable GuardDuty, Security Hub, Config or CloudTrail",
            document("protect-security-services"), all),
        new Policy("require-s3-encryption", "Uploads must ask for SSE; bucket encryption changes need a break-glass role",
            document("require-s3-encryption"), List.of(OrgTestSupport.unit(harness, "Production"),
                OrgTestSupport.unit(harness, "Development")))));
  }
}
