package io.provisioner.state.memory;

import io.provisioner.state.MutableClock;
import io.provisioner.state.StateStore;
import io.provisioner.state.StateStoreContract;

class InMemoryStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore(MutableClock clock) {
    return new InMemoryStateStore(clock);
  }
}
