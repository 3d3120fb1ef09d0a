package io.provisioner.steps.data.rds;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

/**
 * The in-place attributes of a DB instance: each one a {@link Setting}, compared on its own (verify
 * names each difference), all applied by one ModifyDBInstance with {@code ApplyImmediately=true}
 * that carries every attribute that differs. One request, because RDS answers a second
 * ModifyDBInstance with InvalidDBInstanceState while the first is being applied, and because some
 * attributes must travel together (a major version with its parameter group). The request is made
 * once the instance is settled (nothing pending), compared again on what is read then.
 */
final class InstanceModification implements Setting<DBInstance> {
  private final List<Setting<DBInstance>> attributes = new ArrayList<>();
  private final UnaryOperator<DBInstance> settle;
  private final Consumer<ModifyDbInstanceRequest> send;
  private ModifyDbInstanceRequest.Builder request;

  /**
   * @param settle the instance once nothing is pending on it (read again when something was)
   * @param send makes the ModifyDBInstance call
   */
  InstanceModification(UnaryOperator<DBInstance> settle, Consumer<ModifyDbInstanceRequest> send) {
    this.settle = settle;
    this.send = send;
  }

  /** An attribute compared with equals, worded as the kernel's settings are. */
  <V> InstanceModification add(String name, Function<DBInstance, V> actual, V desired,
      BiConsumer<ModifyDbInstanceRequest.Builder, V> put) {
    attributes.add(Setting.of(name, actual, desired, (live, value) -> put.accept(request, value)));
    return this;
  }

  /** An attribute with its own comparison. */
  InstanceModification add(Function<DBInstance, List<String>> differences,
      BiConsumer<DBInstance, ModifyDbInstanceRequest.Builder> put) {
    attributes.add(new Setting<>() {
      @Override
      public List<String> differences(DBInstance live) {
        return differences.apply(live);
      }

      @Override
      public void apply(DBInstance live) {
        put.accept(live, request);
      }
    });
    return this;
  }

  @Override
  public List<String> differences(DBInstance live) {
    return attributes.stream().flatMap(a -> a.differences(live).stream()).toList();
  }

  @Override
  public void apply(DBInstance live) {
    request(settle.apply(live)).ifPresent(send);
  }

  /** The one request that puts every differing attribute of {@code live} as specified; empty when none differs. */
  Optional<ModifyDbInstanceRequest> request(DBInstance live) {
    List<Setting<DBInstance>> differing = attributes.stream().filter(a -> !a.differences(live).isEmpty()).toList();
    if (differing.isEmpty()) {
      return Optional.empty();
    }
    request = ModifyDbInstanceRequest.builder().dbInstanceIdentifier(live.dbInstanceIdentifier()).applyImmediately(true);
    differing.forEach(a -> a.apply(live));
    return Optional.of(request.build());
  }
}
