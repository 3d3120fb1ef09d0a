package io.provisioner.state.dynamodb;

import io.provisioner.state.Lease;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StepRecord;
import io.provisioner.state.StepStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place that knows how records become DynamoDB items and back.
 *
 * <p>Layout: {@code pk = "ENV#<env>"}, {@code sk = "STEP#<stepId>"}, {@code "RUN#<runId>"} or
 * {@code "LOCK"}; a numeric {@code version} on every item; instants as ISO-8601 strings; step
 * outputs as a map; run steps as a list of maps. Null fields are left out of the item. The lock
 * item also carries {@code expiresAtMillis}, the expiry as epoch millis, for conditions.
 */
final class ItemMapper {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String VERSION = "version";
  static final String LOCK_ID = "lockId";
  static final String EXPIRES_AT = "expiresAt";
  static final String EXPIRES_AT_MILLIS = "expiresAtMillis";
  static final String STEP_PREFIX = "STEP#";
  static final String RUN_PREFIX = "RUN#";
  static final String LOCK_SK = "LOCK";

  private ItemMapper() {}

  static String partition(String env) {
    return "ENV#" + env;
  }

  static Map<String, AttributeValue> stepKey(String env, String stepId) {
    return key(env, STEP_PREFIX + stepId);
  }

  static Map<String, AttributeValue> runKey(String env, String runId) {
    return key(env, RUN_PREFIX + runId);
  }

  static Map<String, AttributeValue> lockKey(String env) {
    return key(env, LOCK_SK);
  }

  private static Map<String, AttributeValue> key(String env, String sk) {
    return Map.of(PK, s(partition(env)), SK, s(sk));
  }

  static Map<String, AttributeValue> stepItem(StepRecord r, long version) {
    Map<String, AttributeValue> item = new HashMap<>(stepKey(r.env(), r.stepId()));
    put(item, "env", r.env());
    put(item, "stepId", r.stepId());
    put(item, "status", r.status().name());
    put(item, "specHash", r.specHash());
    Map<String, AttributeValue> outputs = new HashMap<>();
    r.outputs().forEach((k, v) -> outputs.put(k, s(v)));
    item.put("outputs", AttributeValue.fromM(outputs));
    put(item, "published", r.published());
    put(item, "inputsHash", r.inputsHash());
    item.put("attempts", n(r.attempts()));
    put(item, "lastError", r.lastError());
    put(item, "startedAt", r.startedAt());
    put(item, "endedAt", r.endedAt());
    put(item, "runId", r.runId());
    item.put("reads", n(r.reads()));
    item.put("mutations", n(r.mutations()));
    item.put(VERSION, n(version));
    return item;
  }

  static StepRecord step(Map<String, AttributeValue> item) {
    Map<String, String> outputs = new HashMap<>();
    AttributeValue stored = item.get("outputs");
    if (stored != null && stored.hasM()) {
      stored.m().forEach((k, v) -> outputs.put(k, v.s()));
    }
    return new StepRecord(
        string(item, "env"),
        string(item, "stepId"),
        StepStatus.valueOf(string(item, "status")),
        string(item, "specHash"),
        outputs,
        string(item, "published"),
        string(item, "inputsHash"),
        (int) number(item, "attempts"),
        string(item, "lastError"),
        instant(item, "startedAt"),
        instant(item, "endedAt"),
        string(item, "runId"),
        number(item, "reads"),
        number(item, "mutations"),
        number(item, VERSION));
  }

  static Map<String, AttributeValue> runItem(RunRecord r, long version) {
    Map<String, AttributeValue> item = new HashMap<>(runKey(r.env(), r.runId()));
    put(item, "env", r.env());
    put(item, "runId", r.runId());
    put(item, "command", r.command());
    put(item, "who", r.who());
    put(item, "startedAt", r.startedAt());
    put(item, "endedAt", r.endedAt());
    put(item, "result", r.result());
    item.put("steps", AttributeValue.fromL(r.steps().stream().map(ItemMapper::stepRunItem).toList()));
    item.put(VERSION, n(version));
    return item;
  }

  private static AttributeValue stepRunItem(RunRecord.StepRun s) {
    Map<String, AttributeValue> m = new HashMap<>();
    put(m, "stepId", s.stepId());
    put(m, "status", s.status());
    put(m, "startedAt", s.startedAt());
    put(m, "endedAt", s.endedAt());
    m.put("reads", n(s.reads()));
    m.put("mutations", n(s.mutations()));
    put(m, "error", s.error());
    return AttributeValue.fromM(m);
  }

  static RunRecord run(Map<String, AttributeValue> item) {
    AttributeValue stored = item.get("steps");
    List<RunRecord.StepRun> steps = stored == null || !stored.hasL()
        ? List.of()
        : stored.l().stream().map(v -> stepRun(v.m())).toList();
    return new RunRecord(
        string(item, "env"),
        string(item, "runId"),
        string(item, "command"),
        string(item, "who"),
        instant(item, "startedAt"),
        instant(item, "endedAt"),
        string(item, "result"),
        steps,
        number(item, VERSION));
  }

  private static RunRecord.StepRun stepRun(Map<String, AttributeValue> m) {
    return new RunRecord.StepRun(
        string(m, "stepId"),
        string(m, "status"),
        instant(m, "startedAt"),
        instant(m, "endedAt"),
        number(m, "reads"),
        number(m, "mutations"),
        string(m, "error"));
  }

  static Map<String, AttributeValue> lockItem(Lease lease) {
    Map<String, AttributeValue> item = new HashMap<>(lockKey(lease.env()));
    put(item, "env", lease.env());
    put(item, LOCK_ID, lease.lockId());
    put(item, "holder", lease.holder());
    put(item, "acquiredAt", lease.acquiredAt());
    put(item, EXPIRES_AT, lease.expiresAt());
    item.put(EXPIRES_AT_MILLIS, n(lease.expiresAt().toEpochMilli()));
    item.put(VERSION, n(lease.version()));
    return item;
  }

  static Lease lease(Map<String, AttributeValue> item) {
    return new Lease(
        string(item, "env"),
        string(item, LOCK_ID),
        string(item, "holder"),
        instant(item, "acquiredAt"),
        instant(item, EXPIRES_AT),
        number(item, VERSION));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue s(Instant value) {
    return AttributeValue.fromS(value.toString());
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  private static void put(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String value = string(item, name);
    return value == null ? null : Instant.parse(value);
  }
}
