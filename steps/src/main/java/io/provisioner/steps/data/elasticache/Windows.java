package io.provisioner.steps.data.elasticache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two time windows of a replication group, both in UTC: the daily snapshot window ({@code
 * hh24:mi-hh24:mi}, e.g. {@code 03:00-04:00}) and the weekly maintenance window ({@code
 * ddd:hh24:mi-ddd:hh24:mi}, e.g. {@code sun:05:00-sun:06:00}). ElastiCache wants each at least 60
 * minutes long and the two must not overlap. Windows may run past midnight (or past Saturday).
 */
final class Windows {
  static final int MINUTES_PER_DAY = 24 * 60;
  static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
  static final int MINIMUM_MINUTES = 60;
  static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  /** A window as minutes from its period's start (midnight, or Sunday midnight) and its length. */
  record Span(int start, int length, int period) {
    /** True when the two spans share at least one minute, seen on a weekly clock. */
    boolean overlaps(Span other) {
      for (int[] a : weekly()) {
        for (int[] b : other.weekly()) {
          if (a[0] < b[1] && b[0] < a[1]) {
            return true;
          }
        }
      }
      return false;
    }

    /** The span as [start, end) intervals of one week, a daily span once per day, wrapped ones split. */
    private List<int[]> weekly() {
      List<int[]> result = new ArrayList<>();
      for (int offset = 0; offset < MINUTES_PER_WEEK; offset += period) {
        int from = (offset + start) % MINUTES_PER_WEEK;
        int to = from + length;
        if (to <= MINUTES_PER_WEEK) {
          result.add(new int[] {from, to});
        } else {
          result.add(new int[] {from, MINUTES_PER_WEEK});
          result.add(new int[] {0, to - MINUTES_PER_WEEK});
        }
      }
      return result;
    }
  }

  private Windows() {}

  /** The daily snapshot window, or empty when it is not {@code hh24:mi-hh24:mi} with valid times. */
  static Optional<Span> snapshot(String window) {
    if (window == null || !window.matches("[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}")) {
      return Optional.empty();
    }
    String[] ends = window.split("-");
    Optional<Integer> from = minuteOfDay(ends[0]);
    Optional<Integer> to = minuteOfDay(ends[1]);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    int length = Math.floorMod(to.get() - from.get(), MINUTES_PER_DAY);
    return Optional.of(new Span(from.get(), length, MINUTES_PER_DAY));
  }

  /** The weekly maintenance window, or empty when it is not {@code ddd:hh24:mi-ddd:hh24:mi} with valid parts. */
  static Optional<Span> maintenance(String window) {
    if (window == null || !window.matches("[a-z]{3}:[0-9]{2}:[0-9]{2}-[a-z]{3}:[0-9]{2}:[0-9]{2}")) {
      return Optional.empty();
    }
    String[] ends = window.split("-");
    Optional<Integer> from = minuteOfWeek(ends[0]);
    Optional<Integer> to = minuteOfWeek(ends[1]);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    int length = Math.floorMod(to.get() - from.get(), MINUTES_PER_WEEK);
    return Optional.of(new Span(from.get(), length, MINUTES_PER_WEEK));
  }

  /** Windows as ElastiCache reports them: lowercase, e.g. {@code sun:05:00-sun:06:00}. */
  static String normalize(String window) {
    return window == null ? null : window.trim().toLowerCase(Locale.ROOT);
  }

  private static Optional<Integer> minuteOfWeek(String dayTime) {
    int day = DAYS.indexOf(dayTime.substring(0, 3));
    Optional<Integer> minute = minuteOfDay(dayTime.substring(4));
    if (day < 0 || minute.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(day * MINUTES_PER_DAY + minute.get());
  }

  private static Optional<Integer> minuteOfDay(String time) {
    int hours = Integer.parseInt(time.substring(0, 2));
    int minutes = Integer.parseInt(time.substring(3, 5));
    if (hours > 23 || minutes > 59) {
      return Optional.empty();
    }
    return Optional.of(hours * 60 + minutes);
  }
}
