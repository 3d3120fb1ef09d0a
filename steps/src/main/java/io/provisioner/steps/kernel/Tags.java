package io.provisioner.steps.kernel;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Tags between the step's map and each service's own tag type, written once: every SDK has its
 * {@code Tag} with a key and a value, under another class name.
 *
 * <pre>{@code
 * List<Tag> ec2 = Tags.to(ctx.tags().forKey(key), (k, v) -> Tag.builder().key(k).value(v).build());
 * Map<String, String> read = Tags.from(vpc.tags(), Tag::key, Tag::value);
 * }</pre>
 */
public final class Tags {
  private Tags() {}

  public static <T> List<T> to(Map<String, String> tags, BiFunction<String, String, T> make) {
    return tags.entrySet().stream().map(e -> make.apply(e.getKey(), e.getValue())).toList();
  }

  public static <T> Map<String, String> from(Collection<T> tags, Function<T, String> key, Function<T, String> value) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(key.apply(t), value.apply(t)));
    }
    return map;
  }

  /** The wanted tags that are absent or have another value; tags of others are left alone. */
  public static Map<String, String> missing(Map<String, String> wanted, Map<String, String> actual) {
    Map<String, String> missing = new LinkedHashMap<>();
    wanted.forEach((k, v) -> {
      if (!v.equals(actual.get(k))) {
        missing.put(k, v);
      }
    });
    return missing;
  }

  /**
   * A setting that adds the missing tags (never removes the tags of others).
   *
   * @param read the resource's current tags
   * @param put tags the resource with the given ones
   */
  public static <L> Setting<L> setting(Map<String, String> wanted, Function<L, Map<String, String>> read,
      java.util.function.BiConsumer<L, Map<String, String>> put) {
    return new Setting<>() {
      @Override
      public List<String> differences(L live) {
        Map<String, String> missing = missing(wanted, read.apply(live));
        return missing.isEmpty() ? List.of() : List.of("tags " + missing.keySet() + " are missing or differ");
      }

      @Override
      public void apply(L live) {
        put.accept(live, missing(wanted, read.apply(live)));
      }
    };
  }
}
