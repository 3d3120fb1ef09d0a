package io.provisioner.steps;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link StepDefinition} from its parts, so a step's registration is its constructor call plus
 * whatever checks the step adds:
 *
 * <pre>{@code
 * public final class KmsDefinition extends BasicDefinition<KmsSpec> {
 *   public KmsDefinition() {
 *     super(KmsStep.ID, "security.kms", KmsSpec.class, KmsStep::new, KmsStep.OUTPUTS);
 *   }
 * }
 * }</pre>
 *
 * (A subclass, because {@link java.util.ServiceLoader} instantiates a class by its no-argument
 * constructor.)
 */
public abstract class BasicDefinition<S extends Record> implements StepDefinition<S> {
  private final String id;
  private final String section;
  private final Class<S> specType;
  private final Function<S, Step> factory;
  private final OutputRef<?> outputs;

  /** @param outputs what the step publishes; null when it publishes nothing */
  protected BasicDefinition(String id, String section, Class<S> specType, Function<S, Step> factory,
      OutputRef<?> outputs) {
    this.id = Objects.requireNonNull(id, "id");
    this.section = Objects.requireNonNull(section, "section");
    this.specType = Objects.requireNonNull(specType, "specType");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.outputs = outputs;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String section() {
    return section;
  }

  @Override
  public final Class<S> specType() {
    return specType;
  }

  @Override
  public final Optional<OutputRef<?>> outputs() {
    return Optional.ofNullable(outputs);
  }

  @Override
  public final Step step(S spec) {
    return factory.apply(spec);
  }
}
