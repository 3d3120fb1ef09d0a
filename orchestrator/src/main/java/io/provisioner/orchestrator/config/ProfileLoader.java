package io.provisioner.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.provisioner.steps.support.InvalidSpecException;
import io.provisioner.steps.support.PolicySource;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a profile and validates it completely before any AWS call. Every problem is reported at
 * once with its path (e.g. {@code security.kms.deletionWindowDays: 3 is out of range...}): unknown
 * keys, missing or malformed values, and the checks that span sections.
 */
public final class ProfileLoader {
  private static final Set<String> REQUIRED_TAGS = Set.of("Environment", "Project", "CostCenter", "Team");

  private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  private final Set<String> knownStepIds;

  /** @param knownStepIds the catalog's step ids, which {@code placement} may name */
  public ProfileLoader(Set<String> knownStepIds) {
    this.knownStepIds = Set.copyOf(knownStepIds);
  }

  /**
   * @param expectedName the environment asked for ({@code --env}); null with {@code --config}
   * @throws ConfigException with every problem found
   */
  public Profile load(ProfileSource source, String expectedName) {
    JsonNode root;
    try {
      root = yaml.readTree(source.yaml());
    } catch (JsonProcessingException e) {
      throw new ConfigException(source.description(), List.of("not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(source.description(), List.of("must be a YAML mapping with the profile's sections"));
    }
    List<String> problems = new ArrayList<>();
    unknownKeys(root, yaml.constructType(Profile.class), "", problems);
    Profile profile = bind((ObjectNode) root, source.policies(), problems);
    if (profile != null) {
      crossCheck(profile, expectedName, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(source.description(), problems);
    }
    return profile;
  }

  /** Binds each top-level section on its own, so one bad section does not hide another's problems. */
  private Profile bind(ObjectNode root, PolicySource policies, List<String> problems) {
    InjectableValues injectables = new InjectableValues.Std().addValue(PolicySource.class, policies);
    RecordComponent[] components = Profile.class.getRecordComponents();
    Object[] values = new Object[components.length];
    boolean complete = true;
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      JsonNode node = root.get(component.getName());
      if (node == null || node.isNull()) {
        if (component.getType().isPrimitive()) {
          values[i] = false;
          continue;
        }
        if (!Map.class.isAssignableFrom(component.getType())) {
          problems.add(component.getName() + ": is required");
          complete = false;
        }
        continue;
      }
      JavaType type = yaml.getTypeFactory().constructType(component.getGenericType());
      try {
        values[i] = yaml.readerFor(type).with(injectables).readValue(node);
      } catch (JsonMappingException e) {
        complete = false;
        describe(component.getName(), e, problems);
      } catch (java.io.IOException e) {
        complete = false;
        problems.add(component.getName() + ": " + e.getMessage());
      }
    }
    if (!complete) {
      return null;
    }
    try {
      Constructor<Profile> canonical = Profile.class.getDeclaredConstructor(
          java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof InvalidSpecException spec) {
        spec.problems().forEach(p -> problems.add(p.toString()));
        return null;
      }
      throw new IllegalStateException("profile could not be built", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("profile could not be built", e);
    }
  }

  private static void describe(String section, JsonMappingException e, List<String> problems) {
    StringBuilder path = new StringBuilder(section);
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    Throwable cause = e.getCause();
    while (cause instanceof InvocationTargetException || cause instanceof JsonMappingException) {
      cause = cause.getCause();
    }
    if (cause instanceof InvalidSpecException spec) {
      for (InvalidSpecException.Problem p : spec.problems()) {
        problems.add(path + "." + p.field() + ": " + p.message());
      }
    } else if (cause instanceof IllegalArgumentException iae) {
      problems.add(path + ": " + iae.getMessage());
    } else {
      String message = e.getOriginalMessage();
      int cut = message.indexOf('\n');
      problems.add(path + ": " + (cut > 0 ? message.substring(0, cut) : message));
    }
  }

  /** Reports every key the records do not know, with the keys they do know. */
  private void unknownKeys(JsonNode node, JavaType type, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return;
    }
    Class<?> raw = type.getRawClass();
    if (raw.isRecord() && node.isObject()) {
      Map<String, java.lang.reflect.Type> known = properties(raw);
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        java.lang.reflect.Type fieldType = known.get(field.getKey());
        if (fieldType == null) {
          problems.add(fieldPath + ": unknown key; known keys here are " + String.join(", ", known.keySet()));
        } else {
          unknownKeys(field.getValue(), yaml.getTypeFactory().constructType(fieldType), fieldPath, problems);
        }
      }
    } else if (type.isCollectionLikeType() && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        unknownKeys(node.get(i), type.getContentType(), path + "[" + i + "]", problems);
      }
    } else if (type.isMapLikeType() && node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        unknownKeys(field.getValue(), type.getContentType(), path + "." + field.getKey(), problems);
      }
    }
  }

  /** The YAML keys of a record: its {@code @JsonCreator} factory's properties if it has one, else its components. */
  private static Map<String, java.lang.reflect.Type> properties(Class<?> record) {
    Map<String, java.lang.reflect.Type> known = new java.util.LinkedHashMap<>();
    for (Method method : record.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonCreator.class)) {
        for (Parameter parameter : method.getParameters()) {
          JsonProperty property = parameter.getAnnotation(JsonProperty.class);
          if (property != null) {
            known.put(property.value(), parameter.getParameterizedType());
          }
        }
        return known;
      }
    }
    for (RecordComponent component : record.getRecordComponents()) {
      known.put(component.getName(), component.getGenericType());
    }
    return known;
  }

  private void crossCheck(Profile p, String expectedName, List<String> problems) {
    if (p.name() == null || !p.name().matches("[a-z][a-z0-9-]{0,31}")) {
      problems.add("name: '" + p.name() + "' must be lowercase letters, digits or -, starting with a letter");
    } else if (expectedName != null && !expectedName.equals(p.name())) {
      problems.add("name: is '" + p.name() + "' but the profile was asked for as --env " + expectedName
          + "; make them the same");
    }
    if (p.project() == null || !p.project().matches("[a-z][a-z0-9-]{1,30}")) {
      problems.add("project: '" + p.project() + "' must be 2-31 lowercase letters, digits or -");
    }
    if (p.accounts().isEmpty()) {
      problems.add("accounts: must name at least one account");
    }
    Set<String> missingTags = new LinkedHashSet<>(REQUIRED_TAGS);
    missingTags.removeAll(p.tags().keySet());
    if (!missingTags.isEmpty()) {
      problems.add("tags: missing " + String.join(", ", missingTags.stream().sorted().toList())
          + " (every resource carries Environment, Project, CostCenter and Team)");
    }
    String managedBy = p.tags().get("ManagedBy");
    if (managedBy != null && !managedBy.equals("provisioner")) {
      problems.add("tags.ManagedBy: is '" + managedBy + "'; it must be provisioner (or left out)");
    }
    p.tags().forEach((k, v) -> {
      if (k.startsWith("aws:") || k.startsWith("provisioner:")) {
        problems.add("tags." + k + ": keys starting with aws: or provisioner: are reserved");
      }
      if (v == null || v.isBlank()) {
        problems.add("tags." + k + ": must not be empty");
      }
    });
    requireAccount(p, p.execution().defaultAccount(), "execution.defaultAccount", problems);
    requireAccount(p, p.state().account(), "state.account", problems);
    p.placement().forEach((stepId, account) -> {
      if (!knownStepIds.contains(stepId)) {
        problems.add("placement." + stepId + ": no step has this id; known steps are "
            + String.join(", ", knownStepIds.stream().sorted().toList()));
      }
      requireAccount(p, account, "placement." + stepId, problems);
    });
  }

  private static void requireAccount(Profile p, String account, String path, List<String> problems) {
    if (account != null && !p.accounts().containsKey(account)) {
      problems.add(path + ": names account '" + account + "', which accounts does not define; defined are "
          + String.join(", ", p.accounts().keySet().stream().sorted().toList()));
    }
  }
}
