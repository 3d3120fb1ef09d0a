package io.provisioner.steps.org.controltower;

import io.provisioner.steps.support.Poll;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.Outputs;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.org.controltower.ControlTowerSpec.Control;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.controltower.ControlTowerClient;
import software.amazon.awssdk.services.controltower.model.ControlOperation;
import software.amazon.awssdk.services.controltower.model.ControlOperationStatus;
import software.amazon.awssdk.services.controltower.model.ControlTowerException;
import software.amazon.awssdk.services.controltower.model.EnableControlResponse;
import software.amazon.awssdk.services.controltower.model.EnabledControlSummary;
import software.amazon.awssdk.services.controltower.model.EnablementStatus;

/**
 * The Control Tower controls (guardrails) of seed 004 on the organization's OUs. Needs a landing
 * zone set up in the management account (seed 004: "Use AWS Console for initial setup") and the
 * OUs registered with Control Tower; reads {@code organizationId}, {@code managementAccountId} and
 * {@code ou.<Name>} from {@code org.organization}.
 *
 * <p>Create lists the enabled controls of each target OU and enables the missing ones. EnableControl
 * is asynchronous: its {@code operationIdentifier} is checkpointed ({@code
 * enableOperation.<ou>/<identifier>}) before the operation is polled, so a resume polls it instead
 * of enabling again; a FAILED operation fails the step with Control Tower's message. A control this
 * step enabled is recorded as {@code control.<ou>/<identifier>} = enabled-control ARN.
 *
 * <p>Rollback disables only the controls this step enabled (recorded), polling each operation the
 * same way ({@code disableOperation.<ou>/<identifier>}); controls that were enabled before, and the
 * mandatory ones, stay. Verify: MISSING when none of the controls is enabled anywhere, DRIFTED with
 * the missing or failed controls per OU, IN_SYNC otherwise.
 */
public final class ControlTowerStep implements Step {
  public static final String ID = "org.controltower";

  private static final Logger LOG = LoggerFactory.getLogger(ControlTowerStep.class);

  private final ControlTowerSpec spec;

  public ControlTowerStep(ControlTowerSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(OrganizationStep.ID);
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

  /** The logical name of one control on one OU, used in checkpoint keys and tags. */
  static String key(String ou, Control control) {
    return ou + "/" + control.identifier();
  }

  static String controlKey(String ou, Control control) {
    return "control." + key(ou, control);
  }

  static String enableOperationKey(String ou, Control control) {
    return "enableOperation." + key(ou, control);
  }

  static String disableOperationKey(String ou, Control control) {
    return "disableOperation." + key(ou, control);
  }

  /** {@code arn:<partition>:controltower:<region>::control/<identifier>}, or the identifier if it is an ARN. */
  static String controlArn(String region, String identifier) {
    return identifier.startsWith("arn:") ? identifier
        : "arn:" + partition(region) + ":controltower:" + region + "::control/" + identifier;
  }

  /** {@code arn:<partition>:organizations::<managementAccountId>:ou/<organizationId>/<ouId>}. */
  static String targetArn(String region, Outputs organization, String ou) {
    return "arn:" + partition(region) + ":organizations::" + organization.require("managementAccountId") + ":ou/"
        + organization.require("organizationId") + "/" + organization.require("ou." + ou);
  }

  @Override
  public void create(StepContext ctx) {
    ControlTowerClient ct = ctx.clients().get(ControlTowerClient.class);
    Outputs organization = ctx.outputsOf(OrganizationStep.ID);
    for (String ou : ous()) {
      String target = targetArn(ctx.target().region(), organization, ou);
      Map<String, EnabledControlSummary> enabled = enabledControls(ct, target);
      for (Control control : controlsOn(ou)) {
        ensureEnabled(ctx, ct, ou, target, control, enabled);
      }
    }
  }

  @Override
  public Verification verify(StepContext ctx) {
    ControlTowerClient ct = ctx.clients().get(ControlTowerClient.class);
    Outputs organization = ctx.outputsOf(OrganizationStep.ID);
    List<String> differences = new ArrayList<>();
    boolean anyEnabled = false;
    for (String ou : ous()) {
      Map<String, EnabledControlSummary> enabled = enabledControls(ct, targetArn(ctx.target().region(), organization, ou));
      for (Control control : controlsOn(ou)) {
        EnabledControlSummary summary = enabled.get(controlArn(ctx.target().region(), control.identifier()));
        if (summary == null) {
          differences.add("control " + control.identifier() + " is not enabled on OU " + ou);
          continue;
        }
        anyEnabled = true;
        if (summary.statusSummary() != null && summary.statusSummary().status() == EnablementStatus.FAILED) {
          differences.add("control " + control.identifier() + " on OU " + ou + " failed to deploy (last operation "
              + summary.statusSummary().lastOperationIdentifier() + ")");
        }
      }
    }
    if (!anyEnabled && !spec.controls().isEmpty()) {
      return Verification.missing("none of the controls is enabled on its OUs");
    }
    return Verification.of(differences);
  }

  @Override
  public void rollback(StepContext ctx) {
    ControlTowerClient ct = ctx.clients().get(ControlTowerClient.class);
    Checkpoints cp = ctx.checkpoints();
    List<Control> controls = new ArrayList<>(spec.controls());
    Collections.reverse(controls);
    for (Control control : controls) {
      for (String ou : control.ous()) {
        if (cp.get(controlKey(ou, control)).isEmpty() && cp.get(disableOperationKey(ou, control)).isEmpty()) {
          continue;
        }
        disable(ctx, ct, ou, control);
      }
    }
  }

  // ---- helpers

  private void ensureEnabled(StepContext ctx, ControlTowerClient ct, String ou, String target, Control control,
      Map<String, EnabledControlSummary> enabled) {
    Checkpoints cp = ctx.checkpoints();
    String what = "enabling control " + control.identifier() + " on OU " + ou;
    Optional<String> pending = cp.get(enableOperationKey(ou, control));
    if (pending.isPresent()) {
      await(ctx, ct, what, pending.get(), enableOperationKey(ou, control), ou, control);
      String arn = Optional.ofNullable(enabledControls(ct, target).get(controlArn(ctx.target().region(),
          control.identifier()))).map(EnabledControlSummary::arn).orElse(control.identifier());
      finishEnable(cp, ou, control, arn);
      return;
    }
    String controlArn = controlArn(ctx.target().region(), control.identifier());
    EnabledControlSummary existing = enabled.get(controlArn);
    if (existing != null) {
      if (cp.intent(key(ou, control)).isPresent()) {
        // an earlier EnableControl went through but its response was lost: it is ours
        finishEnable(cp, ou, control, existing.arn());
      }
      return;
    }
    cp.putIntent(key(ou, control), controlArn);
    EnableControlResponse response;
    try {
      response = ct.enableControl(r -> r.controlIdentifier(controlArn).targetIdentifier(target)
          .tags(ctx.tags().forKey("control/" + key(ou, control))));
    } catch (ControlTowerException e) {
      if (AwsErrors.hasCode(e, "ConflictException")
          && enabledControls(ct, target).containsKey(controlArn)) {
        cp.clearIntent(key(ou, control));
        LOG.info("control was enabled by someone else meanwhile; not ours to disable [control={}, ou={}]",
            control.identifier(), ou);
        return;
      }
      throw new StepException(what + ": " + e.awsErrorDetails().errorMessage(), e);
    }
    cp.put(enableOperationKey(ou, control), response.operationIdentifier());
    LOG.info("enabling control [control={}, ou={}, operation={}]", control.identifier(), ou,
        response.operationIdentifier());
    await(ctx, ct, what, response.operationIdentifier(), enableOperationKey(ou, control), ou, control);
    finishEnable(cp, ou, control, response.arn() == null ? controlArn : response.arn());
  }

  private static void finishEnable(Checkpoints cp, String ou, Control control, String enabledControlArn) {
    cp.put(controlKey(ou, control), enabledControlArn);
    cp.remove(enableOperationKey(ou, control));
    cp.clearIntent(key(ou, control));
  }

  private void disable(StepContext ctx, ControlTowerClient ct, String ou, Control control) {
    Checkpoints cp = ctx.checkpoints();
    String what = "disabling control " + control.identifier() + " on OU " + ou;
    String operation = cp.get(disableOperationKey(ou, control)).orElse(null);
    if (operation == null) {
      String target = targetArn(ctx.target().region(), ctx.outputsOf(OrganizationStep.ID), ou);
      try {
        operation = ct.disableControl(r -> r.controlIdentifier(controlArn(ctx.target().region(), control.identifier()))
            .targetIdentifier(target)).operationIdentifier();
      } catch (ControlTowerException e) {
        if (!AwsErrors.isNotFound(e)) {
          throw new StepException(what + ": " + e.awsErrorDetails().errorMessage(), e);
        }
        cp.remove(controlKey(ou, control));
        return;
      }
      cp.put(disableOperationKey(ou, control), operation);
      LOG.info("disabling control [control={}, ou={}, operation={}]", control.identifier(), ou, operation);
    }
    await(ctx, ct, what, operation, disableOperationKey(ou, control), ou, control);
    cp.remove(controlKey(ou, control));
    cp.remove(disableOperationKey(ou, control));
  }

  /** Polls an operation until it settles; FAILED fails the step (and forgets the operation, so up retries). */
  private static void await(StepContext ctx, ControlTowerClient ct, String what, String operationId,
      String operationKey, String ou, Control control) {
    ControlOperation operation = Poll.until(ctx.waits(), what + " (operation " + operationId + ")",
        () -> ct.getControlOperation(r -> r.operationIdentifier(operationId)).controlOperation(),
        o -> o.status() != ControlOperationStatus.IN_PROGRESS);
    if (operation.status() != ControlOperationStatus.SUCCEEDED) {
      ctx.checkpoints().remove(operationKey);
      ctx.checkpoints().clearIntent(key(ou, control));
      throw new StepException(what + " failed (operation " + operationId + ", status "
          + operation.statusAsString() + "): " + operation.statusMessage());
    }
  }

  /** Control ARN → summary, for the controls enabled on one OU. */
  private static Map<String, EnabledControlSummary> enabledControls(ControlTowerClient ct, String target) {
    Map<String, EnabledControlSummary> result = new LinkedHashMap<>();
    ct.listEnabledControlsPaginator(r -> r.targetIdentifier(target)).stream()
        .flatMap(p -> p.enabledControls().stream())
        .forEach(c -> result.put(c.controlIdentifier(), c));
    return result;
  }

  private Set<String> ous() {
    Set<String> ous = new LinkedHashSet<>();
    spec.controls().forEach(c -> ous.addAll(c.ous()));
    return ous;
  }

  private List<Control> controlsOn(String ou) {
    return spec.controls().stream().filter(c -> c.ous().contains(ou)).toList();
  }

  private static String partition(String region) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }
}
