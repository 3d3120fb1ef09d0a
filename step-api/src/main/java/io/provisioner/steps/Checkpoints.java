package io.provisioner.steps;

import java.util.Map;
import java.util.Optional;

/**
 * The durable memory of one step. Every write is persisted before the method returns, so what was
 * recorded survives a crash right after it.
 */
public interface Checkpoints {

  Optional<String> get(String key);

  /** Records an id or output the moment it is known. */
  void put(String key, String value);

  /** Forgets a key, e.g. after the resource behind it was deleted. */
  void remove(String key);

  /**
   * Write-ahead: records that a mutating call for {@code key} is about to be made, so that a resume
   * knows to look for its result (e.g. by tags) before making the call again.
   */
  default void putIntent(String key, String detail) {
    put(intentKey(key), detail);
  }

  default Optional<String> intent(String key) {
    return get(intentKey(key));
  }

  /** Clears an intent once its result is recorded. */
  default void clearIntent(String key) {
    remove(intentKey(key));
  }

  /** Everything recorded, intents included. */
  Map<String, String> all();

  static String intentKey(String key) {
    return "intent:" + key;
  }
}
