package io.provisioner.steps.support;

import java.util.Map;
import java.util.TreeMap;

/** Reads groups of checkpoint keys that share a prefix ({@code subnet.app.us-east-1a}...). */
public final class CheckpointKeys {
  private CheckpointKeys() {}

  /** The values whose keys start with {@code prefix}, keyed by the rest of the key, in key order. */
  public static Map<String, String> withPrefix(Map<String, String> checkpoints, String prefix) {
    Map<String, String> found = new TreeMap<>();
    checkpoints.forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        found.put(key.substring(prefix.length()), value);
      }
    });
    return found;
  }
}
