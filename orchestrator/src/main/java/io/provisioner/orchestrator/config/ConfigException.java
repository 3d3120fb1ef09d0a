package io.provisioner.orchestrator.config;

import java.util.List;

/** A profile could not be used; carries every problem found, each with its path. */
public class ConfigException extends RuntimeException {
  private final transient List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + " is invalid:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
