package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * No secret value ever leaves Secrets Manager through the step: after a life of creates (some
 * failing on lost responses), verifies, a drift, a rollback and a restore, the values the test
 * reads with GetSecretValue appear in no checkpoint, output, exception message, log line (at DEBUG
 * for the project) or {@code toString}.
 */
@ExtendWith(EmulatorExtension.class)
class SecretsNoLeakIT {

  private TestHarness harness;
  private SecretsUpstream upstream;
  private SecretsStep step;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;
  private Logger project;
  private Level projectLevel;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = SecretsUpstream.create(harness);
    step = new SecretsStep(SecretsSpecs.production("provisioner-" + harness.env() + "-postgres", 7));
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    project = (Logger) LoggerFactory.getLogger("io.provisioner");
    projectLevel = project.getLevel();
    project.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stop() {
    root.detachAppender(logs);
    project.setLevel(projectLevel);
    try {
      harness.rollback(step);
    } finally {
      upstream.delete();
      harness.close();
    }
  }

  @Test
  void values_appearNowhereButInSecretsManager() {
    List<Throwable> failures = new ArrayList<>();
    harness.dropper().dropNext("CreateSecret", 1);
    run(failures, () -> harness.create(step));
    harness.dropper().dropNext("PutResourcePolicy", 1);
    run(failures, () -> harness.create(step));
    harness.dropper().dropNext("CreateFunction", 1);
    run(failures, () -> harness.create(step));
    harness.create(step);
    List<String> texts = new ArrayList<>(harness.verify(step).differences());
    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    secrets.deleteResourcePolicy(b -> b.secretId(upstream.secretName("db-credentials")));
    texts.addAll(harness.verify(step).differences());
    harness.create(step);
    harness.rollback(step);
    texts.addAll(harness.verify(step).differences());
    harness.create(step);
    harness.dropper().dropNext("DescribeSecret", 1);
    run(failures, () -> harness.verify(step));
    assertThat(failures).as("the failures provoked above").hasSize(4);

    Set<String> values = values(secrets);
    assertThat(values).as("values read back (db JSON, db password, cache token)").hasSizeGreaterThanOrEqualTo(3);

    texts.addAll(harness.checkpointsOf(SecretsStep.ID).keySet());
    texts.addAll(harness.checkpointsOf(SecretsStep.ID).values());
    texts.add(String.valueOf(harness.published(SecretsStep.OUTPUTS).orElseThrow()));
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
      }
    }
    for (ILoggingEvent event : logs.list) {
      texts.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
      }
    }
    texts.add(step.toString());
    texts.add(step.spec().toString());
    assertThat(logs.list).as("log lines were captured").isNotEmpty();

    for (String value : values) {
      assertThat(texts).as("texts holding a secret value").noneMatch(text -> text.contains(value));
    }
  }

  private static void run(List<Throwable> failures, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  /** Every value of every version of both secrets, and the password inside the database JSON. */
  private Set<String> values(SecretsManagerClient secrets) {
    Set<String> values = new LinkedHashSet<>();
    for (String logical : List.of("db-credentials", "cache-auth-token")) {
      String name = upstream.secretName(logical);
      for (SecretVersionsListEntry version : secrets.listSecretVersionIds(b -> b.secretId(name)).versions()) {
        String value = secrets.getSecretValue(b -> b.secretId(name).versionId(version.versionId())).secretString();
        values.add(value);
        if (logical.equals("db-credentials")) {
          values.add(PolicyJson.parse(value).path("password").asText());
        }
      }
    }
    return values;
  }
}
