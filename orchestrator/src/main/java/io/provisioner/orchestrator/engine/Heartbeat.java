package io.provisioner.orchestrator.engine;

import io.provisioner.state.Lease;
import io.provisioner.state.StateStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a lease alive by renewing it at a fixed interval. When a renewal finds the lease lost
 * (taken over or broken), it calls {@code onLost} once, so the run stops starting steps; its
 * writes are already refused by fencing.
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private final AtomicReference<Lease> lease;
  private final ScheduledExecutorService scheduler;

  private Heartbeat(Lease lease, ScheduledExecutorService scheduler) {
    this.lease = new AtomicReference<>(lease);
    this.scheduler = scheduler;
  }

  static Heartbeat start(StateStore store, Lease lease, Duration ttl, Duration interval, Runnable onLost) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    Heartbeat heartbeat = new Heartbeat(lease, scheduler);
    scheduler.scheduleAtFixedRate(() -> {
      try {
        heartbeat.lease.set(store.renew(heartbeat.lease.get(), ttl));
      } catch (io.provisioner.state.LockLostException e) {
        LOG.error("lock lost, stopping the run [env={}] [lockId={}]", lease.env(), lease.lockId());
        onLost.run();
        scheduler.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("lease renewal failed, will retry at the next beat [env={}] [error={}]", lease.env(), e.toString());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  Lease lease() {
    return lease.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
