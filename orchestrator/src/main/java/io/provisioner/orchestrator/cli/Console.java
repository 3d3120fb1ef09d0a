package io.provisioner.orchestrator.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The terminal: the only place that prints. */
final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  Console(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
  }

  void out(String line) {
    out.println(line);
    out.flush();
  }

  void err(String line) {
    err.println(line);
    err.flush();
  }

  Map<String, String> environment() {
    return environment;
  }

  /** Asks the user to type {@code expected}; false when there is no terminal or the answer differs. */
  boolean confirm(String question, String expected) {
    if (System.console() == null) {
      return false;
    }
    out.print(question + " Type '" + expected + "' to continue: ");
    out.flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return expected.equals(answer == null ? null : answer.trim());
    } catch (IOException e) {
      return false;
    }
  }
}
