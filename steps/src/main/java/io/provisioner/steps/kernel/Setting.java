package io.provisioner.steps.kernel;

import io.provisioner.steps.StepException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One attribute of a resource: how it is read and compared ({@link #differences}), and how it is
 * put ({@link #apply}). The same comparison serves verify and converge, and the wait after an
 * apply, which accepts only once the new value is observed.
 *
 * @param <L> what the resource's read returns (e.g. a {@code DBInstance})
 */
public interface Setting<L> {

  /** What differs from the spec, in words, each naming the attribute; empty when in sync. Read-only. */
  List<String> differences(L live);

  /** Makes the attribute as specified. Called only when {@link #differences} found something. */
  void apply(L live);

  /**
   * A setting compared with {@link Objects#equals}.
   *
   * @param name the attribute as the operator knows it, e.g. {@code backup retention}
   * @param actual reads the attribute from the live object
   * @param desired the value of the spec
   * @param put makes it so
   */
  static <L, V> Setting<L> of(String name, Function<L, V> actual, V desired, BiConsumer<L, V> put) {
    return new Setting<>() {
      @Override
      public List<String> differences(L live) {
        V current = actual.apply(live);
        return Objects.equals(current, desired) ? List.of()
            : List.of(name + " is " + show(current) + ", expected " + show(desired));
      }

      @Override
      public void apply(L live) {
        put.accept(live, desired);
      }
    };
  }

  /**
   * An attribute fixed at creation: a difference is reported, and converging it fails with what to
   * do instead, never replacing the resource silently.
   *
   * @param howToChange what the operator can do, e.g. {@code put network.vpc.cidr back, or roll the step back}
   */
  static <L, V> Setting<L> fixed(String name, Function<L, V> actual, V desired, String howToChange) {
    return new Setting<>() {
      @Override
      public List<String> differences(L live) {
        V current = actual.apply(live);
        return Objects.equals(current, desired) ? List.of()
            : List.of(name + " is " + show(current) + ", expected " + show(desired) + " (fixed at creation)");
      }

      @Override
      public void apply(L live) {
        throw new StepException(name + " is " + show(actual.apply(live)) + " but the spec says " + show(desired)
            + "; it cannot be changed in place: " + howToChange);
      }
    };
  }

  /** A value as messages show it: strings quoted, so an empty or padded one is visible. */
  static String show(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}
