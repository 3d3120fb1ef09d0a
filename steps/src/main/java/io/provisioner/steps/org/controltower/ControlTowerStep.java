package io.provisioner.steps.org.controltower;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.org.controltower.ControlTowerSpec.Control;
import io.provisioner.steps.org.organization.OrganizationOutputs;
import io.provisioner.steps.org.organization.OrganizationStep;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.controltower.ControlTowerClient;

/**
 * The Control Tower controls (guardrails) of seed 004 on the organization's OUs. Needs a landing
 * zone set up in the management account (seed 004: "Use AWS Console for initial setup") and the
 * OUs registered with Control Tower; reads the organization id, the management account id and the
 * OU ids from {@link OrganizationOutputs}.
 *
 * <p>Written on the resource kernel: an {@link EnabledControlResource} per control and OU, which
 * says how enabling and disabling (both asynchronous) are recorded and polled. Rollback disables
 * only the controls this step enabled; controls enabled before, and the mandatory ones, stay.
 * Verify: MISSING when none of the controls is enabled anywhere, DRIFTED with the missing or failed
 * controls per OU, CONVERGING while one is being changed, IN_SYNC otherwise.
 */
public final class ControlTowerStep extends ResourceStep {
  public static final String ID = "org.controltower";

  private final ControlTowerSpec spec;

  public ControlTowerStep(ControlTowerSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(OrganizationStep.OUTPUTS);
  }

  @Override
  public ControlTowerSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("controltower",
        ctx -> ctx.clients().get(ControlTowerClient.class).listLandingZones(r -> r.maxResults(1))));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    OrganizationOutputs organization = ctx.read(OrganizationStep.OUTPUTS);
    String region = ctx.target().region();
    boolean converging = loop.mode() == Mode.CONVERGE;
    for (Control control : spec.controls()) {
      for (String ou : control.ous()) {
        EnabledControlResource enabled = new EnabledControlResource(ctx, control, ou,
            targetArn(region, organization, ou), controlArn(region, control.identifier()), converging);
        loop.ensure(enabled);
        if (converging) {
          enabled.forgetEnableOperation(); // the control's id is recorded now
        }
      }
    }
  }

  /** {@code arn:<partition>:controltower:<region>::control/<identifier>}, or the identifier if it is an ARN. */
  static String controlArn(String region, String identifier) {
    return identifier.startsWith("arn:") ? identifier
        : "arn:" + partition(region) + ":controltower:" + region + "::control/" + identifier;
  }

  /** {@code arn:<partition>:organizations::<managementAccountId>:ou/<organizationId>/<ouId>}. */
  static String targetArn(String region, OrganizationOutputs organization, String ou) {
    return "arn:" + partition(region) + ":organizations::" + organization.managementAccountId() + ":ou/"
        + organization.organizationId() + "/" + organization.ouId(ou);
  }

  private static String partition(String region) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }
}
