package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.data.backup.BackupSpec.Rule;
import io.provisioner.steps.spec.InvalidSpecException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupSpecTest {

  static Rule daily() {
    return new Rule("daily", "cron(0 5 ? * * *)", 60, 180, null, 35, null);
  }

  static Rule monthly() {
    return new Rule("monthly", "cron(0 5 1 * ? *)", null, null, 30, 365, null);
  }

  private static List<String> fields(Runnable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction::run);
    assertThat(e).as("construction must be rejected").isNotNull();
    return e.problems().stream().map(InvalidSpecException.Problem::field).toList();
  }

  @Test
  void new_withTheSeedRules_keepsThem_andFillsAwsDefaultWindows() {
    BackupSpec spec = new BackupSpec(List.of(daily(), monthly()));

    assertThat(spec.rules()).extracting(Rule::name).containsExactly("daily", "monthly");
    Rule monthly = spec.rules().get(1);
    assertThat(monthly.startWindowMinutes()).isEqualTo(BackupSpec.DEFAULT_START_WINDOW_MINUTES);
    assertThat(monthly.completionWindowMinutes()).isEqualTo(BackupSpec.DEFAULT_COMPLETION_WINDOW_MINUTES);
    assertThat(monthly.recoveryPointTags()).isEmpty();
    assertThat(spec.rules().get(0).startWindowMinutes()).isEqualTo(60);
  }

  @Test
  void new_withoutRules_saysAtLeastOne() {
    assertThatThrownBy(() -> new BackupSpec(List.of())).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("rules").hasMessageContaining("at least one");
    assertThatThrownBy(() -> new BackupSpec(null)).isInstanceOf(InvalidSpecException.class);
  }

  @Test
  void new_withNullRuleOrDuplicateNames_namesTheEntry() {
    assertThat(fields(() -> new BackupSpec(Arrays.asList(daily(), null)))).containsExactly("rules[1]");
    assertThatThrownBy(() -> new BackupSpec(List.of(daily(), daily())))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("rules[1].name").hasMessageContaining("unique");
  }

  @Test
  void rule_startWindowBelowSixtyMinutes_isRejected() {
    assertThatThrownBy(() -> new Rule("daily", "cron(0 5 ? * * *)", 59, 180, null, 35, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("startWindowMinutes").hasMessageContaining("60 to 52560000");
  }

  @Test
  void rule_completionWindowNotSixtyMinutesLongerThanStart_isRejected() {
    assertThatThrownBy(() -> new Rule("daily", "cron(0 5 ? * * *)", 60, 119, null, 35, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("completionWindowMinutes").hasMessageContaining("= 120");
    assertThat(new Rule("daily", "cron(0 5 ? * * *)", 60, 120, null, 35, null).completionWindowMinutes())
        .isEqualTo(120);
    assertThat(fields(() -> new Rule("daily", "cron(0 5 ? * * *)", null, 180, null, 35, null)))
        .as("the default start window (480) needs a completion window of at least 540")
        .containsExactly("completionWindowMinutes");
  }

  @Test
  void rule_windowsAboveOneHundredYears_areRejected() {
    assertThat(fields(() -> new Rule("x", "cron(0 5 ? * * *)", 60, 52_560_001, null, 35, null)))
        .containsExactly("completionWindowMinutes");
    assertThat(fields(() -> new Rule("x", "cron(0 5 ? * * *)", 52_560_001, null, null, 35, null)))
        .contains("startWindowMinutes");
  }

  @Test
  void rule_retentionNotNinetyDaysAfterColdStorage_isRejected() {
    assertThatThrownBy(() -> new Rule("monthly", "cron(0 5 1 * ? *)", null, null, 30, 119, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("deleteAfterDays").hasMessageContaining("moveToColdStorageAfterDays + 90 = 120");
    assertThat(new Rule("monthly", "cron(0 5 1 * ? *)", null, null, 30, 120, null).deleteAfterDays()).isEqualTo(120);
  }

  @Test
  void rule_withoutRetention_orAboveOneHundredYears_isRejected() {
    assertThat(fields(() -> new Rule("daily", "cron(0 5 ? * * *)", 60, 180, null, 0, null)))
        .containsExactly("deleteAfterDays");
    assertThat(fields(() -> new Rule("daily", "cron(0 5 ? * * *)", 60, 180, null, 36_501, null)))
        .containsExactly("deleteAfterDays");
  }

  @Test
  void rule_scheduleMustBeACronExpression() {
    assertThat(fields(() -> new Rule("daily", "rate(1 day)", 60, 180, null, 35, null))).containsExactly("schedule");
    assertThat(fields(() -> new Rule("daily", "cron(0 5 ? * * *", 60, 180, null, 35, null))).containsExactly("schedule");
    assertThat(fields(() -> new Rule("daily", "cron()", 60, 180, null, 35, null))).containsExactly("schedule");
    assertThat(fields(() -> new Rule("daily", null, 60, 180, null, 35, null))).containsExactly("schedule");
  }

  @Test
  void rule_nameMustFitTheServicePattern() {
    assertThat(fields(() -> new Rule("daily backup", "cron(0 5 ? * * *)", 60, 180, null, 35, null)))
        .containsExactly("name");
    assertThat(fields(() -> new Rule("r".repeat(51), "cron(0 5 ? * * *)", 60, 180, null, 35, null)))
        .containsExactly("name");
    assertThat(new Rule("daily-1.a_b", "cron(0 5 ? * * *)", 60, 180, null, 35, null).name()).isEqualTo("daily-1.a_b");
  }

  @Test
  void rule_recoveryPointTags_rejectReservedKeysAndMissingValues() {
    Map<String, String> tags = new HashMap<>();
    tags.put("aws:backup", "x");
    tags.put("Tier", null);
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new Rule("daily", "cron(0 5 ? * * *)", 60, 180, null, 35, tags));
    assertThat(e.getMessage()).contains("aws:backup").contains("Tier");

    Rule ok = new Rule("daily", "cron(0 5 ? * * *)", 60, 180, null, 35, Map.of("Tier", "gold", "Data", "db"));
    assertThat(ok.recoveryPointTags().keySet()).containsExactly("Data", "Tier");
  }

  @Test
  void rule_withSeveralMistakes_reportsThemAllAtOnce() {
    assertThat(fields(() -> new Rule("", "daily", 10, 20, 30, 40, null)))
        .containsExactlyInAnyOrder("name", "schedule", "startWindowMinutes", "completionWindowMinutes",
            "deleteAfterDays");
  }
}
