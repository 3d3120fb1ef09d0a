package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.function.Function;

/**
 * One difference of an attribute made of parts (routes, ACL entries, associations) and the call
 * that removes it. Comparing yields both, so an attribute is compared in one place for verify and
 * converge.
 */
record Fix(String difference, Runnable call) {

  /** The setting whose differences are those of {@code fixes}, applied by running their calls. */
  static <L> Setting<L> setting(Function<L, List<Fix>> fixes) {
    return new Setting<>() {
      @Override
      public List<String> differences(L live) {
        return fixes.apply(live).stream().map(Fix::difference).toList();
      }

      @Override
      public void apply(L live) {
        fixes.apply(live).forEach(fix -> fix.call().run());
      }
    };
  }
}
