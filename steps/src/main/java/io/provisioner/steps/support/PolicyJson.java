package io.provisioner.steps.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Policy documents (IAM, KMS key policies, SCPs, bucket policies) compared as AWS evaluates them:
 * neither the order of keys, statements or values, nor duplicates, nor a single value written
 * without its array, nor a scalar written as a string makes a difference. IAM returns documents
 * URL-encoded; {@link #parse} reads both forms.
 */
public final class PolicyJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private PolicyJson() {}

  /** Parses a document as given to or returned by IAM (URL-encoded or not). */
  public static JsonNode parse(String document) {
    String text = document.strip();
    if (!text.startsWith("{")) {
      text = URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON policy document: " + e.getOriginalMessage(), e);
    }
  }

  /** True when both documents grant the same: equal after {@link #normalize}. */
  public static boolean same(String left, String right) {
    return normalize(parse(left)).equals(normalize(parse(right)));
  }

  /**
   * A canonical form: object keys sorted, every array's elements normalized, deduplicated and
   * sorted, a one-element array replaced by its element, every scalar as text.
   */
  public static JsonNode normalize(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        sorted.put(field.getKey(), normalize(field.getValue()));
      }
      ObjectNode result = MAPPER.createObjectNode();
      sorted.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      List<JsonNode> elements = new ArrayList<>();
      for (JsonNode element : node) {
        JsonNode normalized = normalize(element);
        if (!elements.contains(normalized)) {
          elements.add(normalized);
        }
      }
      if (elements.size() == 1) {
        return elements.get(0);
      }
      elements.sort(Comparator.comparing(PolicyJson::canonical));
      ArrayNode result = MAPPER.createArrayNode();
      elements.forEach(result::add);
      return result;
    }
    if (node.isNull() || node.isMissingNode()) {
      return node;
    }
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(node.asText());
  }

  /**
   * What differs between two policy documents, statement by statement (matched by {@code Sid}; a
   * statement without one is named by its content), each line starting with {@code noun} (e.g.
   * {@code "bucket policy statement"}); empty when both grant the same.
   *
   * @param describeFound adds detail about a differing statement as found (e.g. its principals), or
   *     returns an empty string
   * @param unexpected how a statement found but not wanted is described, e.g. {@code "is not expected"}
   */
  public static List<String> statementDifferences(JsonNode expected, JsonNode actual, String noun,
      java.util.function.Function<JsonNode, String> describeFound, String unexpected) {
    if (normalize(actual).equals(normalize(expected))) {
      return List.of();
    }
    Map<String, JsonNode> wanted = statementsBySid(expected);
    Map<String, JsonNode> present = statementsBySid(actual);
    List<String> result = new ArrayList<>();
    wanted.forEach((sid, statement) -> {
      if (!present.containsKey(sid)) {
        result.add(noun + " " + sid + " is missing");
      } else if (!present.get(sid).equals(statement)) {
        result.add(noun + " " + sid + " differs" + describeFound.apply(present.get(sid)));
      }
    });
    present.keySet().stream().filter(sid -> !wanted.containsKey(sid))
        .forEach(sid -> result.add(noun + " " + sid + " " + unexpected));
    if (result.isEmpty()) {
      result.add("the policy document differs outside its statements");
    }
    return result;
  }

  /** Normalized statements by Sid; a statement without one is named by its content. */
  private static Map<String, JsonNode> statementsBySid(JsonNode policy) {
    Map<String, JsonNode> result = new TreeMap<>();
    JsonNode statements = policy.path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else if (statements.isObject()) {
      list.add(statements);
    }
    for (JsonNode statement : list) {
      JsonNode normalized = normalize(statement);
      String sid = statement.path("Sid").asText("");
      result.put(sid.isEmpty() ? "without Sid " + normalized : sid, normalized);
    }
    return result;
  }

  /** Compact JSON text, e.g. for a document built in code. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static String canonical(JsonNode node) {
    return node.toString();
  }
}
