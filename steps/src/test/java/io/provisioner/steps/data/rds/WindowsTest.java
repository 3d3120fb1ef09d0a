package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowsTest {

  private static boolean overlap(String backup, String maintenance) {
    return Windows.overlap(Windows.daily(backup).orElseThrow(), Windows.weekly(maintenance).orElseThrow());
  }

  @Test
  void parse_readsLengthsAcrossMidnightAndWeekEnd() {
    assertThat(Windows.daily("23:30-00:30")).contains(new Windows.Span(23 * 60 + 30, 60));
    assertThat(Windows.weekly("sun:23:00-mon:01:00")).contains(new Windows.Span(6 * 1440 + 23 * 60, 120));
    assertThat(Windows.daily("24:00-01:00")).isEmpty();
    assertThat(Windows.weekly("mon:04:00-xyz:05:00")).isEmpty();
    assertThat(Windows.daily("3:00-4:00")).isEmpty();
  }

  @Test
  void overlap_isAnySharedMinute_onAnyDay() {
    assertThat(overlap("03:00-04:00", "mon:04:00-mon:05:00")).as("touching").isFalse();
    assertThat(overlap("03:00-04:00", "mon:02:00-mon:03:00")).as("touching before").isFalse();
    assertThat(overlap("03:00-04:00", "thu:03:59-thu:05:00")).isTrue();
    assertThat(overlap("23:30-00:30", "mon:00:00-mon:01:00")).as("backup across midnight").isTrue();
    assertThat(overlap("01:00-02:00", "sun:23:30-mon:01:30")).as("maintenance across the week's end").isTrue();
    assertThat(overlap("05:00-06:00", "sun:23:30-mon:01:30")).isFalse();
  }
}
