package io.provisioner.steps.security.kms;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The environment's customer-managed KMS key (seed 000 §KMS, seed 004 Layer 5): a symmetric key
 * with a description, an alias, a key policy (account root {@code kms:*}; the listed services may
 * encrypt, decrypt, generate data keys and create grants for their resources) and automatic
 * rotation; with {@link KmsSpec#drRegionKey()} an equivalent key under the same alias in the DR
 * region.
 *
 * <p>Written on the resource kernel: per region, a {@link RegionalKeyResource} and its {@link
 * AliasResource}. Checkpoints: {@code keyId}, {@code keyArn}, {@code alias} and {@code drKeyId},
 * {@code drKeyArn}, {@code drAlias}. Publishes {@link KmsOutputs}. Rollback deletes the aliases and
 * schedules the keys for deletion with the spec's recovery window; a later {@code create} cancels
 * that deletion and brings the same key back.
 */
public final class KmsStep extends ResourceStep {
  public static final String ID = "security.kms";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<KmsOutputs> OUTPUTS = OutputRef.of(ID, KmsOutputs.class);

  static final String MAIN = "main";
  static final String DR = "dr";

  private final KmsSpec spec;

  public KmsStep(KmsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
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
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    Optional<KeyMetadata> main = key(loop, new RegionalKeyResource(ctx, spec, MAIN, ctx.target().region()));
    Optional<KeyMetadata> dr = spec.drRegionKey()
        ? key(loop, new RegionalKeyResource(ctx, spec, DR, ctx.drRegion())) : Optional.empty();
    if (main.isPresent()) {
      loop.publish(new KmsOutputs(main.get().keyId(), main.get().arn(), spec.alias(),
          dr.map(KeyMetadata::keyId).orElse(null), dr.map(KeyMetadata::arn).orElse(null)));
    }
  }

  /** The key, then its alias when the key is there. */
  private Optional<KeyMetadata> key(Reconciler loop, RegionalKeyResource resource) {
    Optional<KeyMetadata> key = loop.ensure(resource);
    key.ifPresent(k -> loop.ensure(new AliasResource(loop.context(), spec, resource, k.keyId())));
    return key;
  }
}
