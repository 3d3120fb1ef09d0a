package io.provisioner.steps.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private final FakeCloud cloud = new FakeCloud();

  private Reconciler loop(Reconciler.Mode mode) {
    return Reconciler.of(cloud, "test.widgets", mode);
  }

  @Test
  void converge_whenMissing_writesTheIntentCreatesRecordsTheIdAndClearsTheIntent() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));

    assertThat(cloud.mutations()).containsExactly("checkpoint intent:a=create widget a", "create a", "checkpoint a=w-1");
    assertThat(cloud.checkpoints).containsOnlyKeys("a");
  }

  @Test
  void converge_again_makesReadsOnly() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    cloud.journal.clear();

    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));

    assertThat(cloud.mutations()).isEmpty();
    assertThat(cloud.journal).containsExactly("read w-1");
  }

  @Test
  void converge_afterALostCreateResponse_adoptsWhatTheServiceMade_insteadOfATwin() {
    cloud.loseNextCreate = true;
    assertThatThrownBy(() -> loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1)))
        .isInstanceOf(StepException.class).hasMessageContaining("create widget a failed");
    assertThat(cloud.checkpoints).containsKey("intent:a").doesNotContainKey("a");

    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));

    assertThat(cloud.widgets).hasSize(1);
    assertThat(cloud.checkpoints).containsEntry("a", "w-1").doesNotContainKey("intent:a");
  }

  @Test
  void converge_whenCreateSaysAlreadyExists_adoptsItByLookup() {
    cloud.create("a", 1);
    WidgetResource hidden = new WidgetResource(cloud, "a", 1) {
      private boolean first = true;

      @Override
      public java.util.Optional<FakeCloud.Widget> lookup() {
        if (first) {
          first = false;
          return java.util.Optional.empty();
        }
        return super.lookup();
      }
    };

    loop(Reconciler.Mode.CONVERGE).ensure(hidden);

    assertThat(cloud.widgets).hasSize(1);
    assertThat(cloud.checkpoints).containsEntry("a", "w-1");
  }

  @Test
  void converge_afterAModification_waitsUntilTheNewValueIsObserved_notJustAvailable() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    cloud.readsBeforeApplied = 3;

    FakeCloud.Widget after = loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 2)).orElseThrow();

    assertThat(after.size()).isEqualTo(2);
    assertThat(cloud.journal.stream().filter(j -> j.equals("read w-1")).count()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void verify_listsDifferences_missing_andConverging_withoutChangingAnything() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    cloud.journal.clear();

    Reconciler verify = loop(Reconciler.Mode.VERIFY);
    verify.ensure(new WidgetResource(cloud, "a", 5));
    verify.ensure(new WidgetResource(cloud, "b", 1));
    Verification v = verify.verification();

    assertThat(v.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(v.differences()).containsExactly("widget a: size is 1, expected 5", "widget b does not exist");
    assertThat(cloud.mutations()).isEmpty();
  }

  @Test
  void verify_whenNothingExists_isMissing_andWhileTheServiceIsModifying_isConverging() {
    Reconciler nothing = loop(Reconciler.Mode.VERIFY);
    nothing.ensure(new WidgetResource(cloud, "a", 1));
    assertThat(nothing.verification().status()).isEqualTo(Verification.Status.MISSING);

    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    cloud.readsBeforeApplied = 5;
    cloud.resize("w-1", 1);
    Reconciler busy = loop(Reconciler.Mode.VERIFY);
    busy.ensure(new WidgetResource(cloud, "a", 1));
    assertThat(busy.verification().status()).isEqualTo(Verification.Status.CONVERGING);
    assertThat(busy.verification().differences()).containsExactly("widget a: status is modifying");
  }

  @Test
  void delete_checksEveryGuardBeforeDeletingAnything_thenDeletesInReverseOrder() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "b", 1));
    WidgetResource guarded = new WidgetResource(cloud, "b", 1);
    guarded.guard = "it holds data; pass --delete-data";
    Reconciler refused = loop(Reconciler.Mode.DELETE);
    refused.ensure(new WidgetResource(cloud, "a", 1));
    refused.ensure(guarded);

    assertThatThrownBy(refused::finish).isInstanceOf(StepException.class)
        .hasMessageContaining("refused before deleting anything").hasMessageContaining("widget b: it holds data");
    assertThat(cloud.widgets).hasSize(2);

    cloud.journal.clear();
    Reconciler delete = loop(Reconciler.Mode.DELETE);
    delete.ensure(new WidgetResource(cloud, "a", 1));
    delete.ensure(new WidgetResource(cloud, "b", 1));
    delete.finish();

    assertThat(cloud.mutations()).containsExactly("delete w-2", "delete w-1");
    assertThat(cloud.checkpoints).isEmpty();
  }

  @Test
  void delete_whenAlreadyGone_isDone() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    cloud.widgets.clear();

    Reconciler delete = loop(Reconciler.Mode.DELETE);
    delete.ensure(new WidgetResource(cloud, "a", 1));
    delete.finish();

    assertThat(cloud.checkpoints).isEmpty();
  }

  @Test
  void fixedSetting_whenDifferent_failsWithWhatToDo_andNeverReplaces() {
    loop(Reconciler.Mode.CONVERGE).ensure(new WidgetResource(cloud, "a", 1));
    WidgetResource fixed = new WidgetResource(cloud, "a", 1) {
      @Override
      public List<Setting<FakeCloud.Widget>> settings() {
        return List.of(Setting.fixed("name", FakeCloud.Widget::name, "b", "roll the step back first"));
      }
    };

    assertThatThrownBy(() -> loop(Reconciler.Mode.CONVERGE).ensure(fixed)).isInstanceOf(StepException.class)
        .hasMessageContaining("name is \"a\" but the spec says \"b\"").hasMessageContaining("roll the step back first");
    assertThat(cloud.widgets).hasSize(1);
  }
}
