package io.provisioner.steps.org.scp;

import io.provisioner.steps.support.PolicyJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.provisioner.steps.support.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an SCP document from {@code src/policies/scp/} into the content sent to Organizations.
 *
 * <p>The files stay valid JSON: a list is written as a one-element array holding a placeholder,
 * e.g. {@code "aws:RequestedRegion": ["${allowedRegions}"]}, and the whole array is replaced by the
 * JSON array of the values. List placeholders: {@code allowedRegions}, {@code breakGlassRoleArns}
 * ({@code arn:<partition>:iam::*:role/<name>} per break-glass role). Text placeholders: {@code
 * ${partition}}, {@code ${project}}, {@code ${env}}. The result is checked to be JSON with no
 * placeholder left and is minified, since an SCP may hold at most {@value #MAX_CHARACTERS}
 * characters.
 */
public final class ScpRenderer {
  /** The Organizations quota on the size of a service control policy. */
  public static final int MAX_CHARACTERS = 5120;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern LIST_PLACEHOLDER = Pattern.compile("\\[\\s*\"\\$\\{([A-Za-z]+)}\"\\s*]");

  private final Map<String, List<String>> lists;
  private final Map<String, String> values;

  private ScpRenderer(Map<String, List<String>> lists, Map<String, String> values) {
    this.lists = Map.copyOf(lists);
    this.values = Map.copyOf(values);
  }

  /** A renderer for one environment. */
  public static ScpRenderer of(ScpSpec spec, String partition, String project, String env) {
    List<String> roleArns = spec.breakGlassRoles().stream()
        .map(role -> "arn:" + partition + ":iam::*:role/" + role).toList();
    return new ScpRenderer(
        Map.of("allowedRegions", spec.allowedRegions(), "breakGlassRoleArns", roleArns),
        Map.of("partition", partition, "project", project, "env", env));
  }

  /**
   * The minified policy content.
   *
   * @throws IllegalArgumentException naming the file when a placeholder is unknown, the result is
   *     not JSON or is too large
   */
  public String render(PolicyDocument document) {
    Matcher m = LIST_PLACEHOLDER.matcher(document.document());
    StringBuilder text = new StringBuilder();
    while (m.find()) {
      List<String> list = lists.get(m.group(1));
      if (list == null) {
        throw new IllegalArgumentException(document.file() + ": unknown list placeholder ${" + m.group(1)
            + "}; known: " + String.join(", ", new TreeMap<>(lists).keySet()));
      }
      m.appendReplacement(text, Matcher.quoteReplacement(arrayOf(list)));
    }
    m.appendTail(text);
    String rendered = new PolicyDocument(document.name(), document.file(), text.toString()).render(values);
    int left = rendered.indexOf("${");
    if (left >= 0) {
      throw new IllegalArgumentException(document.file() + ": unknown placeholder "
          + rendered.substring(left, Math.min(rendered.length(), rendered.indexOf('}', left) + 1)));
    }
    String minified;
    try {
      minified = JSON.writeValueAsString(JSON.readTree(rendered));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(document.file() + " is not valid JSON once rendered: "
          + e.getOriginalMessage(), e);
    }
    if (minified.length() > MAX_CHARACTERS) {
      throw new IllegalArgumentException(document.file() + " renders to " + minified.length()
          + " characters; a service control policy may hold at most " + MAX_CHARACTERS);
    }
    return minified;
  }

  /**
   * True when two policy documents say the same: key order, statement order, duplicates and a
   * single value versus a one-element list do not count. Unparsable text is never the same.
   */
  public static boolean sameDocument(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      return canonical(JSON.readTree(a)).equals(canonical(JSON.readTree(b)));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static String arrayOf(List<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array.toString();
  }

  private static JsonNode canonical(JsonNode node) {
    return PolicyJson.normalize(node);
  }
}
