package io.provisioner.state.backend;

import io.provisioner.state.Lease;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import io.provisioner.state.dynamodb.DynamoDbStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The state store as a real run uses it: the DynamoDB table encrypted with the state's own KMS key
 * ({@link StateKey}), and the run archive bucket ({@link RunArchive}, optional). {@link #ensureReady}
 * bootstraps all three in order (key, table, bucket); every other call goes to the table as it is,
 * so read-only commands ({@code status}, {@code plan}) never create anything.
 */
public final class StateBackend implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(StateBackend.class);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;
  private final StateKey key;
  private final Supplier<RunArchive> archives;
  private final DynamoDbStateStore store;
  private volatile RunArchive archive;

  /**
   * @param archives where run records are exported, resolved on the first {@link #ensureReady} (its
   *     bucket name needs the account id); null to keep run records in the table only
   */
  public StateBackend(DynamoDbClient dynamo, String table, Clock clock, StateKey key, Supplier<RunArchive> archives) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.key = Objects.requireNonNull(key, "key");
    this.archives = archives;
    this.store = DynamoDbStateStore.create(dynamo, new DynamoDbStateStore.Options(table, null), clock);
  }

  @Override
  public void ensureReady() {
    String keyArn = key.ensure();
    DynamoDbStateStore.create(dynamo, new DynamoDbStateStore.Options(table, keyArn), clock).ensureReady();
    if (archives != null) {
      RunArchive resolved = archives.get();
      resolved.ensure(keyArn);
      archive = resolved;
    }
  }

  @Override
  public Optional<String> exportRun(RunRecord run) {
    RunArchive archive = this.archive;
    if (archive == null) {
      return Optional.empty();
    }
    String location = archive.export(run);
    LOG.debug("run exported [env={}] [run={}] [to={}]", run.env(), run.runId(), location);
    return Optional.of(location);
  }

  @Override
  public Optional<StepRecord> step(String env, String stepId) {
    return store.step(env, stepId);
  }

  @Override
  public List<StepRecord> steps(String env) {
    return store.steps(env);
  }

  @Override
  public StepRecord save(StepRecord record, Lease lease) {
    return store.save(record, lease);
  }

  @Override
  public void delete(StepRecord record, Lease lease) {
    store.delete(record, lease);
  }

  @Override
  public RunRecord save(RunRecord run, Lease lease) {
    return store.save(run, lease);
  }

  @Override
  public List<RunRecord> runs(String env, int limit) {
    return store.runs(env, limit);
  }

  @Override
  public Lease acquire(String env, String holder, Duration ttl) {
    return store.acquire(env, holder, ttl);
  }

  @Override
  public Lease renew(Lease lease, Duration ttl) {
    return store.renew(lease, ttl);
  }

  @Override
  public void release(Lease lease) {
    store.release(lease);
  }

  @Override
  public Optional<Lease> lock(String env) {
    return store.lock(env);
  }

  @Override
  public boolean forceUnlock(String env, String lockId) {
    return store.forceUnlock(env, lockId);
  }
}
