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
import io.provisioner.orchestrator.catalog.StepRegistry;
import io.provisioner.steps.spec.InvalidSpecException;
import io.provisioner.steps.spec.PolicySource;
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
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // reported, with all others, by unknownKeys
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  private final StepRegistry registry;

  /** @param registry the steps there are: their sections are what a profile may hold besides the engine's own keys */
  public ProfileLoader(StepRegistry registry) {
    this.registry = registry;
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
    Profile profile = bind((ObjectNode) root, source, expectedName, problems);
    if (!problems.isEmpty() || profile == null) {
      throw new ConfigException(source.description(), problems);
    }
    return profile;
  }

  /** Marks a value that could not be bound; its problems are already reported. */
  private static final Object FAILED = new Object();

  /**
   * Binds the profile record by record: each component of a record (and each element of a list or
   * map of records) is bound on its own, so one bad value never hides the problems of its
   * siblings. A record is constructed only when all its parts bound; its own validation then adds
   * its problems under its path. Step sections are found by their definitions' paths.
   */
  private Profile bind(ObjectNode root, ProfileSource source, String expectedName, List<String> problems) {
    InjectableValues injectables = new InjectableValues.Std().addValue(PolicySource.class, source.policies())
        .addValue(io.provisioner.steps.spec.FunctionSource.class, source.functions());
    SectionTree tree = SectionTree.of(registry.definitions());
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    boolean complete = true;
    for (RecordComponent component : Profile.class.getRecordComponents()) {
      if (component.getName().equals("sections")) {
        continue;
      }
      JsonNode node = root.get(component.getName());
      JavaType type = yaml.getTypeFactory().constructType(component.getGenericType());
      unknownKeys(node, type, component.getName(), problems);
      Object value = bindValue(node, type, component.getName(), injectables, problems);
      if (value == FAILED) {
        complete = false;
        value = null;
      } else if (value == null && !component.getType().isPrimitive()
          && !Map.class.isAssignableFrom(component.getType())) {
        problems.add(component.getName() + ": is required");
        complete = false;
      }
      fields.put(component.getName(), value);
    }
    Map<String, Record> sections = new java.util.LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> keys = root.fields();
    while (keys.hasNext()) {
      Map.Entry<String, JsonNode> key = keys.next();
      if (fields.containsKey(key.getKey())) {
        continue;
      }
      complete &= tree.bind(key.getKey(), key.getValue(), (definition, path, node) -> {
        JavaType type = yaml.constructType(definition.specType());
        unknownKeys(node, type, path, problems);
        Object value = bindValue(node, type, path, injectables, problems);
        if (value == FAILED) {
          return false;
        }
        if (value != null) {
          sections.put(definition.id(), (Record) value);
        }
        return true;
      }, fields.keySet(), problems);
    }
    Map<String, Record> ordered = new java.util.LinkedHashMap<>();
    registry.definitions().forEach(d -> {
      if (sections.containsKey(d.id())) {
        ordered.put(d.id(), sections.get(d.id()));
      }
    });
    crossCheck(fields, ordered, expectedName, problems);
    if (!complete || !problems.isEmpty()) {
      return null;
    }
    List<Object> values = new ArrayList<>(fields.values());
    values.add(ordered);
    Object built = construct(Profile.class, values.toArray(), "", problems);
    return built == FAILED ? null : (Profile) built;
  }

  private Object bindValue(JsonNode node, JavaType type, String path, InjectableValues injectables,
      List<String> problems) {
    Class<?> raw = type.getRawClass();
    if (node == null || node.isNull()) {
      if (raw == boolean.class) {
        return false;
      }
      return raw.isPrimitive() ? 0 : null;
    }
    if (raw.isRecord() && node.isObject() && !hasCreator(raw)) {
      RecordComponent[] components = raw.getRecordComponents();
      Object[] values = new Object[components.length];
      boolean complete = true;
      for (int i = 0; i < components.length; i++) {
        values[i] = bindValue(node.get(yamlName(components[i])),
            yaml.getTypeFactory().constructType(components[i].getGenericType()),
            path + "." + yamlName(components[i]), injectables, problems);
        complete &= values[i] != FAILED;
      }
      return complete ? construct(raw, values, path, problems) : FAILED;
    }
    if (type.isCollectionLikeType() && node.isArray() && type.getContentType().getRawClass().isRecord()) {
      List<Object> list = new ArrayList<>();
      boolean complete = true;
      for (int i = 0; i < node.size(); i++) {
        Object element = bindValue(node.get(i), type.getContentType(), path + "[" + i + "]", injectables, problems);
        complete &= element != FAILED;
        list.add(element);
      }
      return complete ? list : FAILED;
    }
    if (type.isMapLikeType() && node.isObject() && type.getContentType().getRawClass().isRecord()) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      boolean complete = true;
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        Object value = bindValue(field.getValue(), type.getContentType(), path + "." + field.getKey(), injectables,
            problems);
        complete &= value != FAILED;
        map.put(field.getKey(), value);
      }
      return complete ? map : FAILED;
    }
    try {
      return yaml.readerFor(type).with(injectables).readValue(node);
    } catch (JsonMappingException e) {
      describe(path, e, problems);
      return FAILED;
    } catch (java.io.IOException e) {
      problems.add(path + ": " + e.getMessage());
      return FAILED;
    }
  }

  private static Object construct(Class<?> record, Object[] values, String path, List<String> problems) {
    RecordComponent[] components = record.getRecordComponents();
    try {
      Constructor<?> canonical = record.getDeclaredConstructor(
          java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      String prefix = path.isEmpty() ? "" : path + ".";
      if (e.getCause() instanceof InvalidSpecException spec) {
        spec.problems().forEach(p -> problems.add(prefix + p.field() + ": " + p.message()));
      } else if (e.getCause() instanceof RuntimeException re) {
        problems.add((path.isEmpty() ? "profile" : path) + ": " + re.getMessage());
      } else {
        throw new IllegalStateException(record.getSimpleName() + " could not be built", e.getCause());
      }
      return FAILED;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(record.getSimpleName() + " could not be built", e);
    }
  }

  private static boolean hasCreator(Class<?> type) {
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonCreator.class)) {
        return true;
      }
    }
    return false;
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
      known.put(yamlName(component), component.getGenericType());
    }
    return known;
  }

  /** The key of a record component in YAML: its {@code @JsonProperty} name, else its own name. */
  private static String yamlName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : component.getName();
  }

  @SuppressWarnings("unchecked")
  private void crossCheck(Map<String, Object> fields, Map<String, Record> sections, String expectedName,
      List<String> problems) {
    String name = (String) fields.get("name");
    String project = (String) fields.get("project");
    Map<String, Account> accounts = fields.get("accounts") == null ? Map.of()
        : (Map<String, Account>) fields.get("accounts");
    Map<String, String> tags = fields.get("tags") == null ? Map.of() : (Map<String, String>) fields.get("tags");
    Map<String, String> placement = fields.get("placement") == null ? Map.of()
        : (Map<String, String>) fields.get("placement");
    if (name != null && !name.matches("[a-z][a-z0-9-]{0,31}")) {
      problems.add("name: '" + name + "' must be lowercase letters, digits or -, starting with a letter");
    } else if (name != null && expectedName != null && !expectedName.equals(name)) {
      problems.add("name: is '" + name + "' but the profile was asked for as --env " + expectedName
          + "; make them the same");
    }
    if (project != null && !project.matches("[a-z][a-z0-9-]{1,30}")) {
      problems.add("project: '" + project + "' must be 2-31 lowercase letters, digits or -");
    }
    if (fields.get("accounts") != null && accounts.isEmpty()) {
      problems.add("accounts: must name at least one account");
    }
    Set<String> missingTags = new LinkedHashSet<>(REQUIRED_TAGS);
    missingTags.removeAll(tags.keySet());
    if (!missingTags.isEmpty()) {
      problems.add("tags: missing " + String.join(", ", missingTags.stream().sorted().toList())
          + " (every resource carries Environment, Project, CostCenter and Team)");
    }
    String managedBy = tags.get("ManagedBy");
    if (managedBy != null && !managedBy.equals("provisioner")) {
      problems.add("tags.ManagedBy: is '" + managedBy + "'; it must be provisioner (or left out)");
    }
    tags.forEach((k, v) -> {
      if (k.startsWith("aws:") || k.startsWith("provisioner:")) {
        problems.add("tags." + k + ": keys starting with aws: or provisioner: are reserved");
      }
      if (v == null || v.isBlank()) {
        problems.add("tags." + k + ": must not be empty");
      }
    });
    boolean createsAccounts = registry.accountCreator().map(d -> sections.containsKey(d.id())).orElse(false);
    if (!createsAccounts) {
      accounts.forEach((accountName, account) -> {
        if (account.id().isEmpty() && !account.role().isEmpty()) {
          problems.add("accounts." + accountName + ": has a role but no id, and there is no organization to create it");
        }
      });
    }
    if (fields.get("execution") instanceof Execution execution) {
      requireAccount(accounts, execution.defaultAccount(), "execution.defaultAccount", problems);
    }
    if (fields.get("state") instanceof StateSettings state) {
      requireAccount(accounts, state.account(), "state.account", problems);
    }
    placement.forEach((stepId, account) -> {
      if (!registry.knownIds().contains(stepId)) {
        problems.add("placement." + stepId + ": no step has this id; known steps are "
            + String.join(", ", registry.knownIds()));
      }
      requireAccount(accounts, account, "placement." + stepId, problems);
    });
    if (fields.get("regions") instanceof Regions regions) {
      SectionChecks.run(registry, sections, new LoadedProfileView(name, regions, accounts, sections, registry),
          problems);
    }
    NameRefs.resolve(registry, sections, problems);
  }

  private static void requireAccount(Map<String, Account> accounts, String account, String path,
      List<String> problems) {
    if (account != null && !accounts.isEmpty() && !accounts.containsKey(account)) {
      problems.add(path + ": names account '" + account + "', which accounts does not define; defined are "
          + String.join(", ", accounts.keySet().stream().sorted().toList()));
    }
  }
}
