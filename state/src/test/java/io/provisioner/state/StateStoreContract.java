package io.provisioner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do, run against each implementation by a subclass. Each test
 * works in its own environment, so implementations may share storage between tests.
 */
public abstract class StateStoreContract {
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final int RACE_ROUNDS = 5;

  protected MutableClock clock;
  protected StateStore store;
  protected String env;

  /** A store on the given clock, ready to use. */
  protected abstract StateStore newStore(MutableClock clock);

  @BeforeEach
  void setUpStore() {
    clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));
    store = newStore(clock);
    env = "env-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // ------------------------------------------------------------ step records

  @Test
  void save_thenRead_roundTripsEveryField() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    StepRecord record = new StepRecord(env, "network.vpc", StepStatus.COMPLETED, "sha256:abc",
        Map.of("vpcId", "vpc-123", "intent", "create", "empty", ""), "{\"vpcId\":\"vpc-123\"}", "in-1", 2,
        "boom once",
        Instant.parse("2025-01-15T10:00:01.123Z"), Instant.parse("2025-01-15T10:00:09.456Z"), "run-1", 7, 3, 0);

    StepRecord saved = store.save(record, lease);

    assertThat(saved).isEqualTo(record.withVersion(1));
    assertThat(store.step(env, "network.vpc")).contains(saved);
    assertThat(store.steps(env)).containsExactly(saved);
  }

  @Test
  void save_ofFreshRecord_keepsAbsentFieldsAbsent() {
    Lease lease = store.acquire(env, "alice@host", TTL);

    StepRecord saved = store.save(StepRecord.fresh(env, "dns.zone"), lease);

    assertThat(store.step(env, "dns.zone")).contains(saved);
    assertThat(saved.version()).isEqualTo(1);
  }

  @Test
  void step_whenNeverSaved_isEmpty() {
    assertThat(store.step(env, "nothing")).isEmpty();
    assertThat(store.steps(env)).isEmpty();
  }

  @Test
  void steps_listOnlyTheEnvironmentsSteps_inStepIdOrder() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    String other = env + "-other";
    Lease otherLease = store.acquire(other, "alice@host", TTL);
    store.save(StepRecord.fresh(env, "b.second"), lease);
    store.save(StepRecord.fresh(env, "a.first"), lease);
    store.save(StepRecord.fresh(other, "a.first"), otherLease);
    store.save(new RunRecord(env, "run-1", "up", "alice", clock.instant(), null, "RUNNING", null, 0), lease);

    assertThat(store.steps(env)).extracting(StepRecord::stepId).containsExactly("a.first", "b.second");
  }

  @Test
  void save_eachWriteBumpsTheVersion() {
    Lease lease = store.acquire(env, "alice@host", TTL);

    StepRecord v1 = store.save(StepRecord.fresh(env, "s"), lease);
    StepRecord v2 = store.save(v1.withStatus(StepStatus.RUNNING), lease);

    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.step(env, "s")).contains(v2);
  }

  @Test
  void save_withOldVersion_throwsStaleWrite() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    StepRecord v1 = store.save(StepRecord.fresh(env, "s"), lease);
    StepRecord v2 = store.save(v1.withStatus(StepStatus.RUNNING), lease);

    assertThatThrownBy(() -> store.save(v1.withStatus(StepStatus.FAILED), lease))
        .isInstanceOf(StaleWriteException.class);
    assertThatThrownBy(() -> store.save(StepRecord.fresh(env, "s"), lease))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.step(env, "s")).contains(v2);
  }

  @Test
  void save_whenTwoWritersRaceOnTheSameVersion_exactlyOneWins() throws Exception {
    Lease lease = store.acquire(env, "alice@host", TTL);
    for (int round = 0; round < RACE_ROUNDS; round++) {
      StepRecord v1 = store.save(StepRecord.fresh(env, "s" + round), lease);

      List<Object> outcomes = race(
          () -> store.save(v1.withOutputs(Map.of("writer", "one")), lease),
          () -> store.save(v1.withOutputs(Map.of("writer", "two")), lease));

      List<StepRecord> winners = ofType(outcomes, StepRecord.class);
      assertThat(winners).hasSize(1);
      assertThat(ofType(outcomes, StaleWriteException.class)).hasSize(1);
      assertThat(store.step(env, "s" + round)).contains(winners.get(0));
    }
  }

  @Test
  void save_withoutLease_isRejected() {
    assertThatThrownBy(() -> store.save(StepRecord.fresh(env, "s"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delete_removesTheStep() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    StepRecord v1 = store.save(StepRecord.fresh(env, "s"), lease);

    store.delete(v1, lease);

    assertThat(store.step(env, "s")).isEmpty();
  }

  @Test
  void delete_withOldVersion_throwsStaleWrite() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    StepRecord v1 = store.save(StepRecord.fresh(env, "s"), lease);
    StepRecord v2 = store.save(v1.withStatus(StepStatus.ROLLED_BACK), lease);

    assertThatThrownBy(() -> store.delete(v1, lease)).isInstanceOf(StaleWriteException.class);
    assertThat(store.step(env, "s")).contains(v2);
  }

  // ------------------------------------------------------------ run records

  @Test
  void runs_comeBackNewestFirst_andLimited() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    Instant start = clock.instant();
    RunRecord first = store.save(run("20250115T100000Z-a", start), lease);
    RunRecord second = store.save(run("20250115T100100Z-b", start.plusSeconds(60)), lease);
    RunRecord third = store.save(run("20250115T100200Z-c", start.plusSeconds(120)), lease);

    assertThat(store.runs(env, 2)).containsExactly(third, second);
    assertThat(store.runs(env, 10)).containsExactly(third, second, first);
    assertThat(store.runs(env, 0)).isEmpty();
  }

  @Test
  void saveRun_roundTripsStepTimings_andIsVersioned() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    Instant start = clock.instant();
    RunRecord v1 = store.save(run("20250115T100000Z-a", start), lease);
    RunRecord ended = v1.ended("SUCCEEDED", start.plusSeconds(30), List.of(
        new RunRecord.StepRun("network.vpc", "COMPLETED", start, start.plusSeconds(10), 4, 1, null),
        new RunRecord.StepRun("dns.zone", "FAILED", start.plusSeconds(10), null, 2, 0, "AccessDenied")));

    RunRecord v2 = store.save(ended, lease);

    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.runs(env, 1)).containsExactly(v2);
    assertThatThrownBy(() -> store.save(v1, lease)).isInstanceOf(StaleWriteException.class);
  }

  private RunRecord run(String runId, Instant startedAt) {
    return new RunRecord(env, runId, "up", "arn:aws:iam::111122223333:user/alice", startedAt, null, "RUNNING",
        List.of(), 0);
  }

  // ------------------------------------------------------------ lock

  @Test
  void acquire_whenFree_givesALease() {
    Lease lease = store.acquire(env, "alice@host", TTL);

    assertThat(lease.holder()).isEqualTo("alice@host");
    assertThat(lease.acquiredAt()).isEqualTo(clock.instant());
    assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(store.lock(env)).contains(lease);
  }

  @Test
  void acquire_whenLeaseLive_throwsLockHeldNamingHolderAndSince() {
    Lease held = store.acquire(env, "alice@host", TTL);
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> store.acquire(env, "bob@host", TTL))
        .isInstanceOfSatisfying(LockHeldException.class, e -> assertThat(e.current()).isEqualTo(held))
        .hasMessageContaining("alice@host")
        .hasMessageContaining(held.acquiredAt().toString());
  }

  @Test
  void acquire_whenTwoContendersRace_exactlyOneGetsTheLease() throws Exception {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String raceEnv = env + "-" + round;

      List<Object> outcomes = race(
          () -> store.acquire(raceEnv, "alice@host", TTL),
          () -> store.acquire(raceEnv, "bob@host", TTL));

      List<Lease> winners = ofType(outcomes, Lease.class);
      List<LockHeldException> losers = ofType(outcomes, LockHeldException.class);
      assertThat(winners).hasSize(1);
      assertThat(losers).hasSize(1);
      Lease winner = winners.get(0);
      assertThat(losers.get(0).current().holder()).isEqualTo(winner.holder());
      assertThat(losers.get(0).current().acquiredAt()).isEqualTo(winner.acquiredAt());
      assertThat(store.lock(raceEnv)).contains(winner);
    }
  }

  @Test
  void acquire_whenLeaseExpired_takesItOver() {
    Lease old = store.acquire(env, "alice@host", TTL);
    clock.advance(TTL.plusSeconds(1));

    Lease taken = store.acquire(env, "bob@host", TTL);

    assertThat(taken.holder()).isEqualTo("bob@host");
    assertThat(taken.lockId()).isNotEqualTo(old.lockId());
    assertThat(taken.version()).isEqualTo(old.version() + 1);
    assertThat(store.lock(env)).contains(taken);
  }

  @Test
  void save_afterTakeover_failsWithLockLostForTheOldHolder() {
    Lease old = store.acquire(env, "alice@host", TTL);
    StepRecord v1 = store.save(StepRecord.fresh(env, "s"), old);
    clock.advance(TTL.plusSeconds(1));
    Lease taken = store.acquire(env, "bob@host", TTL);

    assertThatThrownBy(() -> store.save(v1.withStatus(StepStatus.RUNNING), old))
        .isInstanceOf(LockLostException.class);
    assertThatThrownBy(() -> store.save(run("20250115T100000Z-a", clock.instant()), old))
        .isInstanceOf(LockLostException.class);
    assertThatThrownBy(() -> store.delete(v1, old)).isInstanceOf(LockLostException.class);
    assertThat(store.step(env, "s")).contains(v1);
    assertThat(store.save(v1.withStatus(StepStatus.RUNNING), taken).version()).isEqualTo(2);
  }

  @Test
  void renew_afterTakeover_failsWithLockLost() {
    Lease old = store.acquire(env, "alice@host", TTL);
    clock.advance(TTL.plusSeconds(1));
    Lease taken = store.acquire(env, "bob@host", TTL);

    assertThatThrownBy(() -> store.renew(old, TTL)).isInstanceOf(LockLostException.class);
    assertThat(store.lock(env)).contains(taken);
  }

  @Test
  void renew_byHolder_extendsTheLease() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    clock.advance(Duration.ofMinutes(4));

    Lease renewed = store.renew(lease, TTL);

    assertThat(renewed.lockId()).isEqualTo(lease.lockId());
    assertThat(renewed.acquiredAt()).isEqualTo(lease.acquiredAt());
    assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(renewed.version()).isEqualTo(lease.version() + 1);
    assertThat(store.lock(env)).contains(renewed);
    clock.advance(Duration.ofMinutes(4));
    assertThatThrownBy(() -> store.acquire(env, "bob@host", TTL)).isInstanceOf(LockHeldException.class);
  }

  @Test
  void release_byHolder_freesTheLock() {
    Lease lease = store.acquire(env, "alice@host", TTL);

    store.release(lease);

    assertThat(store.lock(env)).isEmpty();
    assertThat(store.acquire(env, "bob@host", TTL).holder()).isEqualTo("bob@host");
  }

  @Test
  void release_byNonHolder_doesNothing() {
    Lease old = store.acquire(env, "alice@host", TTL);
    clock.advance(TTL.plusSeconds(1));
    Lease taken = store.acquire(env, "bob@host", TTL);

    store.release(old);

    assertThat(store.lock(env)).contains(taken);
  }

  @Test
  void release_whenAlreadyReleased_isANoOp() {
    Lease lease = store.acquire(env, "alice@host", TTL);
    store.release(lease);

    store.release(lease);

    assertThat(store.lock(env)).isEmpty();
  }

  @Test
  void forceUnlock_withWrongId_returnsFalse_andWithRightId_removesTheLock() {
    Lease lease = store.acquire(env, "alice@host", TTL);

    assertThat(store.forceUnlock(env, "not-" + lease.lockId())).isFalse();
    assertThat(store.lock(env)).contains(lease);

    assertThat(store.forceUnlock(env, lease.lockId())).isTrue();
    assertThat(store.lock(env)).isEmpty();
    assertThatThrownBy(() -> store.save(StepRecord.fresh(env, "s"), lease)).isInstanceOf(LockLostException.class);
  }

  @Test
  void forceUnlock_whenNoLock_returnsFalse() {
    assertThat(store.forceUnlock(env, "any")).isFalse();
  }

  // ------------------------------------------------------------ helpers

  /** Runs both at once (as near as threads allow) and returns each result or thrown exception. */
  private static List<Object> race(Callable<?> first, Callable<?> second) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (Callable<?> contender : List.of(first, second)) {
        futures.add(pool.submit(() -> {
          start.await();
          try {
            return contender.call();
          } catch (RuntimeException e) {
            return e;
          }
        }));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> future : futures) {
        outcomes.add(future.get(30, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> List<T> ofType(List<Object> outcomes, Class<T> type) {
    return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
