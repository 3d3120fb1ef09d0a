package io.provisioner.steps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tags every resource gets: the profile's common tags ({@code Environment}, {@code Project},
 * {@code ManagedBy}, {@code CostCenter}, {@code Team}, ...) plus {@code provisioner:env}, {@code
 * provisioner:step} and {@code provisioner:key}, which let a resume find a resource again.
 */
public record ResourceTags(String env, String stepId, Map<String, String> common) {
  public static final String ENV = "provisioner:env";
  public static final String STEP = "provisioner:step";
  public static final String KEY = "provisioner:key";

  public ResourceTags {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(stepId, "stepId");
    common = Map.copyOf(common);
  }

  /** All tags for the resource of one logical key, in a stable order. */
  public Map<String, String> forKey(String logicalKey) {
    Map<String, String> tags = new LinkedHashMap<>(new java.util.TreeMap<>(common));
    tags.put(ENV, env);
    tags.put(STEP, stepId);
    tags.put(KEY, logicalKey);
    return tags;
  }

  /** True when the given tags mark a resource of this env, step and key. */
  public boolean matches(Map<String, String> tags, String logicalKey) {
    return env.equals(tags.get(ENV)) && stepId.equals(tags.get(STEP)) && logicalKey.equals(tags.get(KEY));
  }
}
