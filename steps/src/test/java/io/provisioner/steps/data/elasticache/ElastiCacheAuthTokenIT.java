package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AUTH token's value never leaves the one request that sets it: a whole life cycle (a lost
 * create response, adoption, verify, a second create, rollback) and a rejected token are run with a
 * distinctive token, and every checkpoint, output, exception (message, cause chain and stack
 * trace) and log event of the step and of the SDK, at DEBUG, is searched for it.
 */
@ExtendWith(EmulatorExtension.class)
class ElastiCacheAuthTokenIT {
  /** Distinctive, and valid for ElastiCache (letters, digits and - only). */
  private static final String TOKEN = "Zq7-NEVER-LEAK-tok3n-8d1f4c2a9b";
  private static final List<String> LOGGERS = List.of("io.provisioner", "software.amazon.awssdk");

  private ElastiCacheGapProxy proxy;
  private TestHarness harness;
  private CacheUpstream upstream;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final List<Level> levels = new ArrayList<>();
  private final List<Boolean> additivity = new ArrayList<>();
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void start(Emulator emulator) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    captured.setContext(context);
    captured.start();
    for (String name : LOGGERS) {
      Logger logger = context.getLogger(name);
      levels.add(logger.getLevel());
      additivity.add(logger.isAdditive());
      logger.setLevel(Level.DEBUG);
      logger.setAdditive(false);
      logger.addAppender(captured);
    }
    proxy = ElastiCacheGapProxy.start(emulator.endpoint());
    harness = new TestHarness(proxy.emulator());
    upstream = CacheUpstream.create(harness, TOKEN);
  }

  @AfterEach
  void stop() {
    try {
      upstream.delete();
    } finally {
      harness.close();
      proxy.close();
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      for (int i = 0; i < LOGGERS.size(); i++) {
        Logger logger = context.getLogger(LOGGERS.get(i));
        logger.detachAppender(captured);
        logger.setLevel(levels.get(i));
        logger.setAdditive(additivity.get(i));
      }
      captured.stop();
    }
  }

  @Test
  void token_neverAppearsInCheckpointsOutputsExceptionsOrLogs() {
    ElastiCacheStep step = new ElastiCacheStep(ElastiCacheStepIT.spec());

    harness.dropper().dropNext("CreateReplicationGroup", 1);
    StepException lost = catchThrowableOfType(StepException.class, () -> harness.create(step));
    assertThat(lost).isNotNull();
    record(lost);
    recordCheckpoints();

    harness.create(step);
    recordCheckpoints();
    seen.addAll(harness.verify(step).differences());
    harness.create(step);
    recordCheckpoints();
    seen.add(String.valueOf(harness.published(ElastiCacheStep.OUTPUTS).orElseThrow()));

    String groupId = harness.published(ElastiCacheStep.OUTPUTS).orElseThrow().replicationGroupId();
    assertThat(harness.client(ElastiCacheClient.class).describeReplicationGroups(b -> b.replicationGroupId(groupId))
        .replicationGroups().get(0).authTokenEnabled()).as("the token did reach the service").isTrue();

    harness.rollback(step);
    recordCheckpoints();
    recordLogs();

    assertThat(captured.list).as("log events captured").isNotEmpty();
    assertThat(seen).as("text the step produced").isNotEmpty().noneMatch(text -> text.contains(TOKEN));
  }

  @Test
  void invalidToken_isRejectedWithoutShowingIt() {
    String invalid = "not a valid token: has spaces and / slashes " + TOKEN;
    harness.client(SecretsManagerClient.class).putSecretValue(b -> b.secretId(upstream.secretArn())
        .secretString(invalid));
    ElastiCacheStep step = new ElastiCacheStep(ElastiCacheStepIT.spec());

    StepException e = catchThrowableOfType(StepException.class, () -> harness.create(step));

    assertThat(e).hasMessageContaining("is not a valid Redis AUTH token").hasMessageContaining(upstream.secretArn());
    assertThat(proxy.calls("CreateReplicationGroup")).isZero();
    record(e);
    recordCheckpoints();
    recordLogs();
    assertThat(seen).noneMatch(text -> text.contains(TOKEN) || text.contains("has spaces"));
    harness.rollback(step);
  }

  private void record(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    seen.add(trace.toString());
    for (Throwable t = e; t != null; t = t.getCause()) {
      seen.add(String.valueOf(t.getMessage()));
    }
  }

  private void recordCheckpoints() {
    for (Map.Entry<String, String> checkpoint : harness.checkpointsOf(ElastiCacheStep.ID).entrySet()) {
      seen.add(checkpoint.getKey() + "=" + checkpoint.getValue());
    }
  }

  private void recordLogs() {
    for (ILoggingEvent event : captured.list) {
      seen.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        seen.add(t.getClassName() + ": " + t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          seen.add(frame.getSTEAsString());
        }
      }
    }
  }
}
