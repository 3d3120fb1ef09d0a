package io.provisioner.steps.support;

import io.provisioner.steps.spec.PolicySource;
import io.provisioner.steps.spec.SpecCheck;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A named policy document read from {@code src/policies/}. The text may hold placeholders
 * {@code ${account}}, {@code ${partition}}, {@code ${region}}, {@code ${env}} and {@code ${project}},
 * filled in by {@link #render}. The document text is part of the spec, so editing the file makes
 * {@code up} converge the step that uses it.
 *
 * @param name the policy name (inline policy name, or managed policy name before prefixing)
 * @param file the file it was read from, relative to the policies folder
 * @param document the JSON text as read
 */
public record PolicyDocument(String name, String file, String document) {

  public PolicyDocument {
    SpecCheck.of()
        .require(name != null && name.matches("[A-Za-z0-9+=,.@_-]{1,128}"), "name",
            "must be 1-128 of letters, digits and +=,.@_-")
        .notBlank(file, "file")
        .notBlank(document, "document")
        .done();
  }

  @JsonCreator
  static PolicyDocument fromFile(
      @JsonProperty("name") String name,
      @JsonProperty("file") String file,
      @JacksonInject PolicySource source) {
    String text = file == null || file.isBlank() || source == null ? null : source.read(file);
    return new PolicyDocument(name, file, text);
  }

  /** The document with its placeholders replaced. */
  @JsonIgnore
  public String render(Map<String, String> values) {
    String text = document;
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace("${" + e.getKey() + "}", e.getValue());
    }
    return text;
  }
}
