package io.provisioner.orchestrator.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares. */
public final class GlobalOptions {
  @Option(names = "--env", description = "Environment profile: src/envs/<ENV>.yaml (or the bundled one).")
  String env;

  @Option(names = "--config", paramLabel = "FILE", description = "Profile file to use instead of --env.")
  Path config;

  @Option(names = "--region", description = "Override the profile's primary region.")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", description = "AWS named profile for credentials.")
  String awsProfile;

  @Option(names = "--endpoint", paramLabel = "URL", description = "AWS endpoint (an emulator); AWS_ENDPOINT_URL works too.")
  URI endpoint;

  @Option(names = "--local", description = "Use the local emulator: port 4566 if one answers, else start moto_server there.")
  boolean local;

  @Option(names = "--parallelism", description = "Steps run at once (default: the profile's, 8).")
  Integer parallelism;

  @Option(names = "--yes", description = "Do not ask for confirmation of destructive commands.")
  boolean yes;

  @Option(names = "--log-format", description = "text or json (logs go to stderr).", defaultValue = "text")
  String logFormat;

  @Option(names = {"-v", "--verbose"}, description = "More logging (-v info, -vv debug).")
  boolean[] verbose = new boolean[0];
}
