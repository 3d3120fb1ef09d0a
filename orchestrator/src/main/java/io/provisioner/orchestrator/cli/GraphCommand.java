package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.config.Profile;
import io.provisioner.orchestrator.dag.Dag;
import io.provisioner.steps.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "Print the step graph as Graphviz dot or Mermaid. Makes no AWS call.")
final class GraphCommand extends StepCommand {
  @Option(names = "--format", description = "dot or mermaid", defaultValue = "dot")
  String format;

  GraphCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    Profile profile = Session.loadProfile(global, console.environment());
    Map<String, Set<String>> nodes = new LinkedHashMap<>();
    for (Step step : Session.REGISTRY.steps(profile)) {
      nodes.put(step.id(), step.dependsOn());
    }
    Dag dag = Dag.of(nodes);
    switch (format) {
      case "dot" -> {
        console.out("digraph \"" + profile.name() + "\" {");
        console.out("  rankdir=LR;");
        for (String id : dag.order()) {
          console.out("  \"" + id + "\";");
          dag.dependenciesOf(id).forEach(dep -> console.out("  \"" + dep + "\" -> \"" + id + "\";"));
        }
        console.out("}");
      }
      case "mermaid" -> {
        console.out("graph LR");
        for (String id : dag.order()) {
          String node = id.replace('.', '_').replace('-', '_');
          console.out("  " + node + "[\"" + id + "\"]");
          dag.dependenciesOf(id).forEach(dep -> console.out("  " + dep.replace('.', '_').replace('-', '_') + " --> " + node));
        }
      }
      default -> throw new UsageException("--format must be dot or mermaid, not " + format);
    }
    return ExitCode.OK;
  }
}
