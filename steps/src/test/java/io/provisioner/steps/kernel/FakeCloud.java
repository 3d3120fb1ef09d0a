package io.provisioner.steps.kernel;

import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;

/**
 * An in-memory service for the kernel's tests: "widgets" with a name, a size and a status, a journal
 * of every call, and knobs for what real AWS does and moto does not (a modification that shows only
 * after a few reads, a lost create response, a guard). Also the step context the loop runs in.
 */
final class FakeCloud implements StepContext {
  static final String NOT_FOUND = "WidgetNotFound";
  static final String EXISTS = "WidgetAlreadyExists";

  /** What a read returns: a snapshot of a widget. */
  record Widget(String id, String name, int size, String status, int pendingSize) {}

  final Map<String, Widget> widgets = new LinkedHashMap<>();
  final List<String> journal = new ArrayList<>();
  final Map<String, String> checkpoints = new ConcurrentHashMap<>();
  Record published;
  /** Reads after a modification during which the old size is still shown, as "modifying". */
  int readsBeforeApplied;
  /** The next create succeeds on the service but throws as if its response was lost. */
  boolean loseNextCreate;
  private int counter;
  private int pendingReads;

  static AwsServiceException error(String code) {
    return AwsServiceException.builder().message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).statusCode(400).build();
  }

  Widget create(String name, int size) {
    journal.add("create " + name);
    if (widgets.values().stream().anyMatch(w -> w.name().equals(name))) {
      throw error(EXISTS);
    }
    Widget w = new Widget("w-" + (++counter), name, size, "available", 0);
    widgets.put(w.id(), w);
    if (loseNextCreate) {
      loseNextCreate = false;
      throw AwsServiceException.builder().message("connection reset").statusCode(500).build();
    }
    return w;
  }

  Optional<Widget> read(String id) {
    journal.add("read " + id);
    Widget w = widgets.get(id);
    if (w == null) {
      throw error(NOT_FOUND);
    }
    if (w.pendingSize() != 0) {
      if (pendingReads-- > 0) {
        return Optional.of(new Widget(w.id(), w.name(), w.size(), "modifying", w.pendingSize()));
      }
      w = new Widget(w.id(), w.name(), w.pendingSize(), "available", 0);
      widgets.put(w.id(), w);
    }
    return Optional.of(w);
  }

  Optional<Widget> byName(String name) {
    journal.add("find " + name);
    return widgets.values().stream().filter(w -> w.name().equals(name)).findFirst();
  }

  void resize(String id, int size) {
    journal.add("resize " + id + " " + size);
    Widget w = widgets.get(id);
    if (readsBeforeApplied == 0) {
      widgets.put(id, new Widget(id, w.name(), size, "available", 0));
    } else {
      pendingReads = readsBeforeApplied;
      widgets.put(id, new Widget(id, w.name(), w.size(), "available", size));
    }
  }

  void delete(String id) {
    journal.add("delete " + id);
    if (widgets.remove(id) == null) {
      throw error(NOT_FOUND);
    }
  }

  List<String> mutations() {
    return journal.stream().filter(j -> !j.startsWith("read") && !j.startsWith("find")).toList();
  }

  // ---------------------------------------------------------------- the step context

  @Override
  public String env() {
    return "test";
  }

  @Override
  public String project() {
    return "provisioner";
  }

  @Override
  public Target target() {
    return new Target("main", "us-east-1");
  }

  @Override
  public String drRegion() {
    return "us-west-2";
  }

  @Override
  public AwsClients clients() {
    return new AwsClients() {
      @Override
      public <T extends SdkClient> T get(Class<T> type) {
        throw new AssertionError("no SDK client in kernel tests");
      }

      @Override
      public <T extends SdkClient> T get(Class<T> type, Target target) {
        throw new AssertionError("no SDK client in kernel tests");
      }

      @Override
      public String accountId(Target target) {
        return "123456789012";
      }
    };
  }

  @Override
  public Checkpoints checkpoints() {
    return new Checkpoints() {
      @Override
      public Optional<String> get(String key) {
        return Optional.ofNullable(checkpoints.get(key));
      }

      @Override
      public void put(String key, String value) {
        journal.add("checkpoint " + key + "=" + value);
        checkpoints.put(key, value);
      }

      @Override
      public void remove(String key) {
        checkpoints.remove(key);
      }

      @Override
      public Map<String, String> all() {
        return Map.copyOf(checkpoints);
      }
    };
  }

  @Override
  public <T extends Record> T read(OutputRef<T> ref) {
    throw new AssertionError("no upstream in kernel tests");
  }

  @Override
  public <T extends Record> Optional<T> find(OutputRef<T> ref) {
    return Optional.empty();
  }

  @Override
  public void publish(Record outputs) {
    published = outputs;
  }

  @Override
  public ResourceTags tags() {
    return new ResourceTags("test", "test.widgets", Map.of("Project", "provisioner"));
  }

  @Override
  public Waits waits() {
    return new Waits(Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(1));
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public boolean deleteData() {
    return false;
  }
}
