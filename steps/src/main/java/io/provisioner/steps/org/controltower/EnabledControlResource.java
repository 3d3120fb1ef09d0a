package io.provisioner.steps.org.controltower;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.org.controltower.ControlTowerSpec.Control;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.controltower.ControlTowerClient;
import software.amazon.awssdk.services.controltower.model.ControlOperation;
import software.amazon.awssdk.services.controltower.model.ControlOperationStatus;
import software.amazon.awssdk.services.controltower.model.ControlTowerException;
import software.amazon.awssdk.services.controltower.model.EnableControlResponse;
import software.amazon.awssdk.services.controltower.model.EnablementStatus;
import software.amazon.awssdk.services.controltower.model.EnablementStatusSummary;

/**
 * One control enabled on one OU, found among the OU's enabled controls by its control ARN.
 *
 * <p>EnableControl and DisableControl are asynchronous: the {@code operationIdentifier} each returns
 * is checkpointed ({@code enableOperation.<ou>/<identifier>}, {@code
 * disableOperation.<ou>/<identifier>}) before the operation is polled, so a resume polls it instead
 * of calling again. It is forgotten once the control's id is recorded (or it is disabled); a FAILED
 * operation fails the step with Control Tower's message and is forgotten at once.
 *
 * <p>Only a control this step enabled is its own: its checkpoint ({@code
 * control.<ou>/<identifier>} = enabled-control ARN) is written when this step enabled it, or when
 * an enable whose response was lost (the write-ahead intent {@code <ou>/<identifier>} says so)
 * turns out to have gone through. A control enabled by someone else is adopted without being
 * recorded, and rollback leaves it enabled, as it leaves the mandatory controls.
 */
final class EnabledControlResource implements Resource<EnabledControlResource.Live> {
  private static final Logger LOG = LoggerFactory.getLogger(EnabledControlResource.class);
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("ResourceNotFoundException");

  /** An enabled control as listed; {@code ours} when this step enabled it. */
  record Live(String arn, EnablementStatusSummary status, boolean ours) {}

  private final StepContext ctx;
  private final ControlTowerClient ct;
  private final Control control;
  private final String ou;
  private final String target;
  private final String controlArn;
  private final boolean converging;

  /**
   * @param target the OU's ARN
   * @param controlArn the control's ARN
   * @param converging the loop converges: a recorded enable operation is waited for
   */
  EnabledControlResource(StepContext ctx, Control control, String ou, String target, String controlArn,
      boolean converging) {
    this.ctx = ctx;
    this.ct = ctx.clients().get(ControlTowerClient.class);
    this.control = control;
    this.ou = ou;
    this.target = target;
    this.controlArn = controlArn;
    this.converging = converging;
  }

  /** The logical key, also the write-ahead intent's; the {@code provisioner:key} tag is {@code control/<key>}. */
  @Override
  public String key() {
    return ou + "/" + control.identifier();
  }

  @Override
  public String idKey() {
    return "control." + key();
  }

  @Override
  public String description() {
    return "control " + control.identifier() + " on OU " + ou;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** Recorded: this step enabled it. */
  @Override
  public Optional<Live> read(String enabledControlArn) {
    return find(true);
  }

  @Override
  public Optional<Live> lookup() {
    Checkpoints cp = ctx.checkpoints();
    Optional<String> operation = cp.get(enableKey());
    if (operation.isPresent() && converging) {
      settle(operation.get(), enableKey(), "enabling " + description());
    }
    return find(operation.isPresent() || cp.intent(key()).isPresent());
  }

  /**
   * A ConflictException because someone else enabled it meanwhile adopts theirs, which stays theirs.
   * A create called again after its operation was recorded (a retried call) polls that operation.
   */
  @Override
  public Live create() {
    Optional<String> recorded = ctx.checkpoints().get(enableKey());
    if (recorded.isPresent()) {
      settle(recorded.get(), enableKey(), "enabling " + description());
      return find(true).orElseGet(() -> new Live(controlArn, null, true));
    }
    EnableControlResponse response;
    try {
      response = ct.enableControl(r -> r.controlIdentifier(controlArn).targetIdentifier(target)
          .tags(ctx.tags().forKey("control/" + key())));
    } catch (ControlTowerException e) {
      Optional<Live> theirs = AwsErrors.hasCode(e, "ConflictException") ? find(false) : Optional.empty();
      if (theirs.isEmpty()) {
        throw e;
      }
      LOG.info("control was enabled by someone else meanwhile; not ours to disable [control={}] [ou={}]",
          control.identifier(), ou);
      return theirs.get();
    }
    ctx.checkpoints().put(enableKey(), response.operationIdentifier());
    LOG.info("enabling control [control={}] [ou={}] [operation={}]", control.identifier(), ou,
        response.operationIdentifier());
    settle(response.operationIdentifier(), enableKey(), "enabling " + description());
    return new Live(response.arn() == null ? controlArn : response.arn(), null, true);
  }

  /** Nothing is recorded for a control someone else enabled. */
  @Override
  public String id(Live live) {
    return live.ours() ? live.arn() : null;
  }

  @Override
  public Optional<String> pending(Live live) {
    return status(live) == EnablementStatus.UNDER_CHANGE
        ? Optional.of("being changed (operation " + live.status().lastOperationIdentifier() + ")") : Optional.empty();
  }

  /** A control whose deployment failed: reported, never silently enabled again. */
  @Override
  public List<Setting<Live>> settings() {
    return List.of(new Setting<>() {
      @Override
      public List<String> differences(Live live) {
        return status(live) != EnablementStatus.FAILED ? List.of()
            : List.of("failed to deploy (last operation " + live.status().lastOperationIdentifier() + ")");
      }

      @Override
      public void apply(Live live) {
        throw new StepException(description() + " failed to deploy (last operation "
            + live.status().lastOperationIdentifier() + "); GetControlOperation tells why: fix the cause, disable "
            + "the control on the OU and run up again");
      }
    });
  }

  /** Disables only a control this step enabled. */
  @Override
  public void delete(Live live) {
    if (!live.ours()) {
      return;
    }
    Checkpoints cp = ctx.checkpoints();
    String operation = cp.get(disableKey()).orElse(null);
    if (operation == null) {
      operation = ct.disableControl(r -> r.controlIdentifier(controlArn).targetIdentifier(target))
          .operationIdentifier();
      cp.put(disableKey(), operation);
      LOG.info("disabling control [control={}] [ou={}] [operation={}]", control.identifier(), ou, operation);
    }
    settle(operation, disableKey(), "disabling " + description());
    cp.remove(disableKey());
  }

  /** Forgets the enable operation once the control's id is recorded. */
  void forgetEnableOperation() {
    if (ctx.checkpoints().get(enableKey()).isPresent()) {
      ctx.checkpoints().remove(enableKey());
    }
  }

  private String enableKey() {
    return "enableOperation." + key();
  }

  private String disableKey() {
    return "disableOperation." + key();
  }

  /** Polls an operation until it settles; a FAILED one fails the step, and it and the intent are forgotten. */
  private void settle(String operationId, String operationKey, String what) {
    ControlOperation operation = Await.until(ctx.waits(), what + " (operation " + operationId + ")",
        () -> ct.getControlOperation(r -> r.operationIdentifier(operationId)).controlOperation(),
        o -> o.status() != ControlOperationStatus.IN_PROGRESS);
    if (operation.status() != ControlOperationStatus.SUCCEEDED) {
      ctx.checkpoints().remove(operationKey);
      ctx.checkpoints().clearIntent(key());
      throw new StepException(what + " failed (operation " + operationId + ", status " + operation.statusAsString()
          + "): " + operation.statusMessage());
    }
  }

  private Optional<Live> find(boolean ours) {
    return ct.listEnabledControlsPaginator(r -> r.targetIdentifier(target)
            .filter(f -> f.controlIdentifiers(controlArn))).stream()
        .flatMap(p -> p.enabledControls().stream())
        .filter(c -> controlArn.equals(c.controlIdentifier())
            && (c.targetIdentifier() == null || target.equals(c.targetIdentifier())))
        .findFirst().map(c -> new Live(c.arn(), c.statusSummary(), ours));
  }

  private static EnablementStatus status(Live live) {
    return live.status() == null ? null : live.status().status();
  }
}
