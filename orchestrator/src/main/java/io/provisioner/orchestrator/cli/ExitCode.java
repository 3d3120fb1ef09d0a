package io.provisioner.orchestrator.cli;

/** The exit codes of provisioner; part of its interface. */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int DRIFT = 3;
  public static final int LOCKED = 4;

  private ExitCode() {}
}
