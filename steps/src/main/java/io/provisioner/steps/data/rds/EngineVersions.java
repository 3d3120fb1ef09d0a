package io.provisioner.steps.data.rds;

/** PostgreSQL engine versions ({@code 15.4}, {@code 16.1}...) compared part by part, as numbers. */
final class EngineVersions {
  private EngineVersions() {}

  /** The major version: the first part, e.g. {@code 15} for {@code 15.4}. */
  static String major(String version) {
    if (version == null) {
      return "";
    }
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  /**
   * Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b}; a
   * part that is not a number counts as 0, a missing version as the oldest.
   */
  static int compare(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Long.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static long part(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    try {
      return Long.parseLong(parts[i]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
