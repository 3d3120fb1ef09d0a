package io.provisioner.state.dynamodb;

import static io.provisioner.state.dynamodb.ItemMapper.n;
import static io.provisioner.state.dynamodb.ItemMapper.s;

import io.provisioner.state.Lease;
import io.provisioner.state.LockHeldException;
import io.provisioner.state.LockLostException;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StaleWriteException;
import io.provisioner.state.StateException;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The {@link StateStore} of record: one DynamoDB table (layout in {@link ItemMapper}).
 *
 * <p>Step and run writes are one {@code TransactWriteItems} each: a condition check that the
 * environment's lock item still carries the writer's lock id (fencing) and the put or delete,
 * conditional on the version it was based on. The lock is a lease item taken with a conditional
 * put. Reads are strongly consistent. Thread-safe when the client is (SDK clients are).
 */
public final class DynamoDbStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStateStore.class);

  /** Longest wait for a table to become ACTIVE in {@link #ensureReady()}. */
  static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";
  private static final String TRANSACTION_CONFLICT = "TransactionConflict";
  /** Attempts of a fenced write cancelled only because another transaction touched the same items. */
  private static final int CONFLICT_ATTEMPTS = 3;
  /** Attempts of {@link #acquire} when the lock changes hands between its read and its write. */
  private static final int ACQUIRE_ATTEMPTS = 3;

  private final DynamoDbClient client;
  private final Options options;
  private final Clock clock;

  /**
   * Settings of the store.
   *
   * @param tableName the state table, e.g. {@code provisioner-state}
   * @param kmsKeyArn customer managed KMS key for encryption at rest; null = the AWS managed key
   *     ({@code alias/aws/dynamodb})
   */
  public record Options(String tableName, String kmsKeyArn) {
    public static final String DEFAULT_TABLE_NAME = "provisioner-state";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    public Options {
      Objects.requireNonNull(tableName, "tableName");
      if (!TABLE_NAME.matcher(tableName).matches()) {
        throw new IllegalArgumentException("tableName '" + tableName
            + "' is not a valid DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, '_', '-', '.')");
      }
      if (kmsKeyArn != null && !kmsKeyArn.startsWith("arn:")) {
        throw new IllegalArgumentException("kmsKeyArn '" + kmsKeyArn
            + "' is not an ARN (arn:aws:kms:<region>:<account>:key/<id>); leave it null for the AWS managed key");
      }
    }

    /** The default table, encrypted with the AWS managed key. */
    public static Options defaults() {
      return new Options(DEFAULT_TABLE_NAME, null);
    }
  }

  private DynamoDbStateStore(DynamoDbClient client, Options options, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A store on {@code options.tableName()}; call {@link #ensureReady()} before first use. */
  public static DynamoDbStateStore create(DynamoDbClient client, Options options, Clock clock) {
    return new DynamoDbStateStore(client, options, clock);
  }

  // ---------------------------------------------------------------- table

  /**
   * Creates the table when missing (on-demand, KMS encryption, deletion protection, tagged
   * {@code ManagedBy=provisioner}), waits until it is ACTIVE, then turns point-in-time recovery and
   * deletion protection on where they are off. On a ready table it only reads.
   */
  @Override
  public void ensureReady() {
    Optional<TableDescription> existing = describeTable();
    if (existing.isEmpty()) {
      createTable();
    }
    TableDescription table = existing
        .filter(t -> t.tableStatus() == TableStatus.ACTIVE)
        .orElseGet(this::awaitActive);
    requireStateKeySchema(table);
    ensureEncryptionKey(table);
    ensurePointInTimeRecovery();
    ensureDeletionProtection(table);
  }

  private Optional<TableDescription> describeTable() {
    try {
      return Optional.of(client.describeTable(r -> r.tableName(table())).table());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("describe the state table", e);
    }
  }

  private void createTable() {
    CreateTableRequest request = CreateTableRequest.builder()
        .tableName(table())
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName(ItemMapper.PK).attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName(ItemMapper.SK).attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName(ItemMapper.PK).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(ItemMapper.SK).keyType(KeyType.RANGE).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .sseSpecification(sse -> sse.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(options.kmsKeyArn()))
        .deletionProtectionEnabled(true)
        .tags(Tag.builder().key("ManagedBy").value("provisioner").build())
        .build();
    try {
      client.createTable(request);
      LOG.info("state table created [table={}] [kmsKey={}]", table(),
          options.kmsKeyArn() == null ? "aws-managed" : options.kmsKeyArn());
    } catch (ResourceInUseException e) {
      LOG.debug("state table created meanwhile by another run [table={}]", table());
    } catch (SdkException e) {
      throw failure("create the state table", e);
    }
  }

  private TableDescription awaitActive() {
    try (DynamoDbWaiter waiter = client.waiter()) {
      WaiterResponse<DescribeTableResponse> response =
          waiter.waitUntilTableExists(r -> r.tableName(table()), w -> w.waitTimeout(READY_TIMEOUT));
      return response.matched().response()
          .map(DescribeTableResponse::table)
          .orElseThrow(() -> new StateException("state table '" + table() + "' did not become ACTIVE",
              response.matched().exception().orElse(null)));
    } catch (SdkException e) {
      throw failure("wait (up to " + READY_TIMEOUT.toMinutes() + " min) for the state table to become ACTIVE", e);
    }
  }

  private void requireStateKeySchema(TableDescription table) {
    List<KeySchemaElement> expected = List.of(
        KeySchemaElement.builder().attributeName(ItemMapper.PK).keyType(KeyType.HASH).build(),
        KeySchemaElement.builder().attributeName(ItemMapper.SK).keyType(KeyType.RANGE).build());
    if (!expected.equals(table.keySchema())) {
      throw new StateException("table '" + table() + "' exists but is not a provisioner state table: its key is "
          + table.keySchema() + ", expected pk (HASH) and sk (RANGE); choose another state table name");
    }
  }

  private void ensurePointInTimeRecovery() {
    try {
      PointInTimeRecoveryStatus status = client.describeContinuousBackups(r -> r.tableName(table()))
          .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
      if (status != PointInTimeRecoveryStatus.ENABLED) {
        client.updateContinuousBackups(r -> r.tableName(table())
            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        LOG.info("point-in-time recovery enabled [table={}] [was={}]", table(), status);
      }
    } catch (SdkException e) {
      throw failure("turn on point-in-time recovery of the state table", e);
    }
  }

  /**
   * A table made before a customer managed key was configured (or with another key) is switched to
   * the configured key in place; DynamoDB re-encrypts it in the background while it stays usable.
   */
  private void ensureEncryptionKey(TableDescription table) {
    String wanted = options.kmsKeyArn();
    if (wanted == null) {
      return;
    }
    String actual = table.sseDescription() == null ? null : table.sseDescription().kmsMasterKeyArn();
    if (wanted.equals(actual)) {
      return;
    }
    try {
      client.updateTable(r -> r.tableName(table())
          .sseSpecification(sse -> sse.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(wanted)));
      LOG.info("state table encryption key changed [table={}] [from={}] [to={}]", table(),
          actual == null ? "aws-owned" : actual, wanted);
    } catch (SdkException e) {
      throw failure("switch the state table's encryption to key " + wanted, e);
    }
  }

  private void ensureDeletionProtection(TableDescription table) {
    if (Boolean.TRUE.equals(table.deletionProtectionEnabled())) {
      return;
    }
    try {
      client.updateTable(r -> r.tableName(table()).deletionProtectionEnabled(true));
      LOG.info("deletion protection enabled [table={}]", table());
    } catch (SdkException e) {
      throw failure("turn on deletion protection of the state table", e);
    }
  }

  // ---------------------------------------------------------------- steps and runs

  @Override
  public Optional<StepRecord> step(String env, String stepId) {
    try {
      Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table())
          .key(ItemMapper.stepKey(env, stepId)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ItemMapper.step(item));
    } catch (SdkException e) {
      throw failure("read " + stepName(env, stepId), e);
    }
  }

  @Override
  public List<StepRecord> steps(String env) {
    try {
      return client.queryPaginator(prefixQuery(env, ItemMapper.STEP_PREFIX).build()).items().stream()
          .map(ItemMapper::step)
          .toList();
    } catch (SdkException e) {
      throw failure("list the steps of environment '" + env + "'", e);
    }
  }

  @Override
  public StepRecord save(StepRecord record, Lease lease) {
    Objects.requireNonNull(record, "record");
    requireLease(lease, record.env());
    long next = record.version() + 1;
    Put.Builder put = Put.builder().tableName(table()).item(ItemMapper.stepItem(record, next));
    versionCondition(record.version(), false).applyTo(put);
    fencedWrite(lease, TransactWriteItem.builder().put(put.build()).build(),
        stepName(record.env(), record.stepId()), record.version());
    return record.withVersion(next);
  }

  @Override
  public void delete(StepRecord record, Lease lease) {
    Objects.requireNonNull(record, "record");
    requireLease(lease, record.env());
    Delete.Builder delete = Delete.builder().tableName(table()).key(ItemMapper.stepKey(record.env(), record.stepId()));
    Condition condition = versionCondition(record.version(), true);
    delete.conditionExpression(condition.expression());
    if (!condition.values().isEmpty()) {
      delete.expressionAttributeValues(condition.values());
    }
    fencedWrite(lease, TransactWriteItem.builder().delete(delete.build()).build(),
        stepName(record.env(), record.stepId()), record.version());
  }

  @Override
  public RunRecord save(RunRecord run, Lease lease) {
    Objects.requireNonNull(run, "run");
    requireLease(lease, run.env());
    long next = run.version() + 1;
    Put.Builder put = Put.builder().tableName(table()).item(ItemMapper.runItem(run, next));
    versionCondition(run.version(), false).applyTo(put);
    fencedWrite(lease, TransactWriteItem.builder().put(put.build()).build(),
        "run '" + run.runId() + "' of environment '" + run.env() + "'", run.version());
    return run.withVersion(next);
  }

  @Override
  public List<RunRecord> runs(String env, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    try {
      QueryRequest request = prefixQuery(env, ItemMapper.RUN_PREFIX).scanIndexForward(false).limit(limit).build();
      return client.queryPaginator(request).items().stream().limit(limit).map(ItemMapper::run).toList();
    } catch (SdkException e) {
      throw failure("list the runs of environment '" + env + "'", e);
    }
  }

  private QueryRequest.Builder prefixQuery(String env, String prefix) {
    return QueryRequest.builder()
        .tableName(table())
        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
        .expressionAttributeValues(Map.of(":pk", s(ItemMapper.partition(env)), ":prefix", s(prefix)))
        .consistentRead(true);
  }

  /** A condition on the item's version: absent when {@code expected} is 0, else equal to it. */
  private static Condition versionCondition(long expected, boolean absentIsFine) {
    if (expected == 0) {
      return new Condition("attribute_not_exists(pk)", Map.of());
    }
    String equal = "version = :expected";
    return new Condition(absentIsFine ? "attribute_not_exists(pk) OR " + equal : equal,
        Map.of(":expected", n(expected)));
  }

  private record Condition(String expression, Map<String, AttributeValue> values) {
    void applyTo(Put.Builder put) {
      put.conditionExpression(expression);
      if (!values.isEmpty()) {
        put.expressionAttributeValues(values);
      }
    }
  }

  /**
   * Runs {@code write} in one transaction with a check that the lock still carries the lease's
   * lock id. A cancellation caused only by a concurrent transaction on the same items is retried
   * a few times: nothing was written, so the retry is safe.
   */
  private void fencedWrite(Lease lease, TransactWriteItem write, String what, long expectedVersion) {
    TransactWriteItem fence = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
        .tableName(table())
        .key(ItemMapper.lockKey(lease.env()))
        .conditionExpression("lockId = :lockId")
        .expressionAttributeValues(Map.of(":lockId", s(lease.lockId())))
        .build()).build();
    for (int attempt = 1; ; attempt++) {
      try {
        client.transactWriteItems(r -> r.transactItems(fence, write));
        return;
      } catch (TransactionCanceledException e) {
        List<String> reasons = e.hasCancellationReasons()
            ? e.cancellationReasons().stream().map(CancellationReason::code).toList()
            : List.of();
        if (reasons.size() > 0 && CONDITION_FAILED.equals(reasons.get(0))) {
          throw new LockLostException(lease.env(), lease.lockId());
        }
        if (reasons.size() > 1 && CONDITION_FAILED.equals(reasons.get(1))) {
          throw new StaleWriteException(what, expectedVersion);
        }
        if (!reasons.contains(TRANSACTION_CONFLICT) || attempt >= CONFLICT_ATTEMPTS) {
          throw new StateException("could not write " + what + " to state table '" + table()
              + "': the transaction was cancelled " + reasons + " after " + attempt + " attempt(s)", e);
        }
      } catch (SdkException e) {
        throw failure("write " + what, e);
      }
    }
  }

  // ---------------------------------------------------------------- lock

  @Override
  public Lease acquire(String env, String holder, Duration ttl) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(holder, "holder");
    requirePositive(ttl);
    for (int attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Optional<Lease> current = lock(env);
      if (current.isPresent() && !current.get().expiredAt(now)) {
        throw new LockHeldException(current.get());
      }
      long version = current.map(l -> l.version() + 1).orElse(1L);
      Lease lease = new Lease(env, UUID.randomUUID().toString(), holder, now, now.plus(ttl), version);
      try {
        client.putItem(r -> r.tableName(table())
            .item(ItemMapper.lockItem(lease))
            .conditionExpression("attribute_not_exists(pk) OR " + ItemMapper.EXPIRES_AT_MILLIS + " <= :now")
            .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()))));
      } catch (ConditionalCheckFailedException e) {
        continue; // taken meanwhile: the next round reads and reports the live holder
      } catch (SdkException e) {
        throw failure("take the lock of environment '" + env + "'", e);
      }
      current.ifPresent(expired -> LOG.info("expired lease taken over [table={}] [env={}] [previousHolder={}] "
          + "[previousLockId={}] [expiredAt={}]", table(), env, expired.holder(), expired.lockId(),
          expired.expiresAt()));
      return lease;
    }
    throw new StateException("could not take the lock of environment '" + env + "' in state table '" + table()
        + "': it changed hands " + ACQUIRE_ATTEMPTS + " times while trying; try again");
  }

  @Override
  public Lease renew(Lease lease, Duration ttl) {
    Objects.requireNonNull(lease, "lease");
    requirePositive(ttl);
    Instant expiresAt = clock.instant().plus(ttl);
    try {
      Map<String, AttributeValue> updated = client.updateItem(r -> r.tableName(table())
          .key(ItemMapper.lockKey(lease.env()))
          .updateExpression("SET " + ItemMapper.EXPIRES_AT + " = :expiresAt, " + ItemMapper.EXPIRES_AT_MILLIS
              + " = :expiresAtMillis, version = version + :one")
          .conditionExpression("lockId = :lockId")
          .expressionAttributeValues(Map.of(
              ":expiresAt", s(expiresAt),
              ":expiresAtMillis", n(expiresAt.toEpochMilli()),
              ":one", n(1),
              ":lockId", s(lease.lockId())))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
      return ItemMapper.lease(updated);
    } catch (ConditionalCheckFailedException e) {
      throw new LockLostException(lease.env(), lease.lockId());
    } catch (SdkException e) {
      throw failure("renew the lock of environment '" + lease.env() + "'", e);
    }
  }

  @Override
  public void release(Lease lease) {
    Objects.requireNonNull(lease, "lease");
    deleteLock(lease.env(), lease.lockId(), "release");
  }

  @Override
  public Optional<Lease> lock(String env) {
    try {
      Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table())
          .key(ItemMapper.lockKey(env)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ItemMapper.lease(item));
    } catch (SdkException e) {
      throw failure("read the lock of environment '" + env + "'", e);
    }
  }

  @Override
  public boolean forceUnlock(String env, String lockId) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(lockId, "lockId");
    boolean removed = deleteLock(env, lockId, "break");
    if (removed) {
      LOG.info("lock broken on purpose [table={}] [env={}] [lockId={}]", table(), env, lockId);
    }
    return removed;
  }

  /** Deletes the lock item when it carries {@code lockId}; false when it does not (or is gone). */
  private boolean deleteLock(String env, String lockId, String verb) {
    try {
      client.deleteItem(r -> r.tableName(table())
          .key(ItemMapper.lockKey(env))
          .conditionExpression("lockId = :lockId")
          .expressionAttributeValues(Map.of(":lockId", s(lockId))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw failure(verb + " the lock of environment '" + env + "'", e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private String table() {
    return options.tableName();
  }

  private static String stepName(String env, String stepId) {
    return "step '" + stepId + "' of environment '" + env + "'";
  }

  private static void requireLease(Lease lease, String env) {
    if (lease == null) {
      throw new IllegalArgumentException("state writes need the environment's lease");
    }
    if (!lease.env().equals(env)) {
      throw new IllegalArgumentException("the lease is for environment '" + lease.env()
          + "', not for '" + env + "'");
    }
  }

  private static void requirePositive(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive: " + ttl);
    }
  }

  private StateException failure(String action, SdkException e) {
    return new StateException("could not " + action + " [table=" + table() + "]: " + e.getMessage(), e);
  }
}
