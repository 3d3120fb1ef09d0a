package io.provisioner.steps.data.rds;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily backup window ({@code hh24:mi-hh24:mi}) and the weekly maintenance window ({@code
 * ddd:hh24:mi-ddd:hh24:mi}) of an RDS instance, both in UTC, as RDS takes them: each at least 30
 * minutes, the maintenance window at most 24 hours, and the two must not overlap on any day of the
 * week. Windows that only touch (backup {@code 03:00-04:00}, maintenance {@code mon:04:00-mon:05:00})
 * do not overlap; a window may run past midnight.
 */
final class Windows {
  static final int MINUTES_PER_DAY = 24 * 60;
  static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private static final Pattern DAILY = Pattern.compile("([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})");
  private static final Pattern WEEKLY =
      Pattern.compile("([a-z]{3}):([0-9]{2}):([0-9]{2})-([a-z]{3}):([0-9]{2}):([0-9]{2})");

  /** A window as a start minute and a length in minutes; the start counts from midnight or from Monday 00:00. */
  record Span(int start, int length) {}

  private Windows() {}

  /** The backup window, or empty when it is not {@code hh24:mi-hh24:mi} with valid times. */
  static Optional<Span> daily(String window) {
    if (window == null) {
      return Optional.empty();
    }
    Matcher m = DAILY.matcher(window);
    if (!m.matches()) {
      return Optional.empty();
    }
    int start = minuteOfDay(m.group(1), m.group(2));
    int end = minuteOfDay(m.group(3), m.group(4));
    if (start < 0 || end < 0) {
      return Optional.empty();
    }
    return Optional.of(new Span(start, Math.floorMod(end - start, MINUTES_PER_DAY)));
  }

  /** The maintenance window, or empty when it is not {@code ddd:hh24:mi-ddd:hh24:mi} with valid days and times. */
  static Optional<Span> weekly(String window) {
    if (window == null) {
      return Optional.empty();
    }
    Matcher m = WEEKLY.matcher(window.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    int startDay = DAYS.indexOf(m.group(1));
    int endDay = DAYS.indexOf(m.group(4));
    int startMinute = minuteOfDay(m.group(2), m.group(3));
    int endMinute = minuteOfDay(m.group(5), m.group(6));
    if (startDay < 0 || endDay < 0 || startMinute < 0 || endMinute < 0) {
      return Optional.empty();
    }
    int start = startDay * MINUTES_PER_DAY + startMinute;
    int end = endDay * MINUTES_PER_DAY + endMinute;
    return Optional.of(new Span(start, Math.floorMod(end - start, MINUTES_PER_WEEK)));
  }

  /** True when the daily backup window and the weekly maintenance window share at least one minute. */
  static boolean overlap(Span backup, Span maintenance) {
    for (int day = 0; day < 7; day++) {
      int backupStart = day * MINUTES_PER_DAY + backup.start();
      for (int shift = -MINUTES_PER_WEEK; shift <= MINUTES_PER_WEEK; shift += MINUTES_PER_WEEK) {
        int start = backupStart + shift;
        if (start < maintenance.start() + maintenance.length() && maintenance.start() < start + backup.length()) {
          return true;
        }
      }
    }
    return false;
  }

  private static int minuteOfDay(String hours, String minutes) {
    int h = Integer.parseInt(hours);
    int m = Integer.parseInt(minutes);
    return h < 24 && m < 60 ? h * 60 + m : -1;
  }
}
