package io.provisioner.localstack.junit;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.EmulatorResolver;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests an AWS emulator, resolved once per test JVM in the order of {@link
 * EmulatorResolver} and stopped when the JVM's tests are done. Declare an {@link Emulator}
 * parameter (constructor, lifecycle or test method) to receive it. When no emulator can be had the
 * tests fail with a message that says how to get one: they never pass by being skipped.
 */
public final class EmulatorExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmulatorExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Emulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator(context);
  }

  private static Emulator emulator(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("emulator", k -> new Holder(EmulatorResolver.fromEnvironment().resolveForTests()),
            Holder.class)
        .emulator;
  }

  /** Closes the emulator when the root context (the test JVM's run) ends. */
  private static final class Holder implements AutoCloseable {
    private final Emulator emulator;

    Holder(Emulator emulator) {
      this.emulator = emulator;
      System.out.println("[emulator] integration tests use " + emulator);
    }

    @Override
    public void close() {
      emulator.close();
    }
  }
}
