package io.provisioner.steps.security.kms;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The environment's customer-managed KMS key (seed 000 §KMS, seed 004 Layer 5): a symmetric key
 * with a description, an alias, a key policy (account root {@code kms:*}; the listed services may
 * encrypt, decrypt, generate data keys and create grants for their resources) and automatic
 * rotation; with {@link KmsSpec#drRegionKey()} an equivalent key under the same alias in the DR
 * region.
 *
 * <p>Checkpoints: {@code keyId}, {@code keyArn}, {@code alias} for the primary key and {@code
 * drKeyId}, {@code drKeyArn}, {@code drAlias} for the DR key; steps that encrypt read {@code keyArn}.
 * Rollback deletes the aliases and schedules the keys for deletion with the spec's recovery window;
 * a later {@code create} cancels that deletion and brings the same key back.
 */
public final class KmsStep implements Step {
  public static final String ID = "security.kms";
  /** What this step publishes, for the steps that read it. */
  public static final io.provisioner.steps.OutputRef<KmsOutputs> OUTPUTS =
      io.provisioner.steps.OutputRef.of(ID, KmsOutputs.class);

  private final KmsSpec spec;

  public KmsStep(KmsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of();
  }

  @Override
  public KmsSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("kms", ctx -> ctx.clients().get(KmsClient.class).listKeys(r -> r.limit(1))));
  }

  @Override
  public void create(StepContext ctx) {
    for (RegionalKey key : keys(ctx)) {
      key.converge();
    }
    ctx.publish(outputs(ctx.checkpoints().all()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    Verification main = RegionalKey.main(ctx, spec).verify();
    if (main.status() == Verification.Status.MISSING || !spec.drRegionKey()) {
      return main;
    }
    List<String> differences = new ArrayList<>(main.differences());
    differences.addAll(RegionalKey.dr(ctx, spec).verify().differences());
    return Verification.of(differences);
  }

  @Override
  public void rollback(StepContext ctx) {
    List<RegionalKey> keys = keys(ctx);
    for (int i = keys.size() - 1; i >= 0; i--) {
      keys.get(i).rollback();
    }
  }

  private static KmsOutputs outputs(java.util.Map<String, String> checkpoints) {
    return new KmsOutputs(checkpoints.get("keyId"), checkpoints.get("keyArn"), checkpoints.get("alias"),
        checkpoints.get("drKeyId"), checkpoints.get("drKeyArn"));
  }

  /** The keys in creation order: primary first, then the DR key when asked for. */
  private List<RegionalKey> keys(StepContext ctx) {
    return spec.drRegionKey()
        ? List.of(RegionalKey.main(ctx, spec), RegionalKey.dr(ctx, spec))
        : List.of(RegionalKey.main(ctx, spec));
  }
}
