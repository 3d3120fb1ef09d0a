package io.provisioner.steps.kernel;

import io.provisioner.steps.kernel.FakeCloud.Widget;
import java.util.List;
import java.util.Optional;

/** A widget described for the loop, as a step would describe a database. */
class WidgetResource implements Resource<Widget> {
  private final FakeCloud cloud;
  private final String name;
  private final int size;
  String guard;

  WidgetResource(FakeCloud cloud, String name, int size) {
    this.cloud = cloud;
    this.name = name;
    this.size = size;
  }

  @Override
  public String key() {
    return name;
  }

  @Override
  public String description() {
    return "widget " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ErrorCodes.notFound(FakeCloud.NOT_FOUND).alreadyExists(FakeCloud.EXISTS);
  }

  @Override
  public Optional<Widget> read(String id) {
    return cloud.read(id);
  }

  @Override
  public Optional<Widget> lookup() {
    return cloud.byName(name);
  }

  @Override
  public Widget create() {
    return cloud.create(name, size);
  }

  @Override
  public String id(Widget live) {
    return live.id();
  }

  @Override
  public List<Setting<Widget>> settings() {
    return List.of(Setting.of("size", Widget::size, size, (w, value) -> cloud.resize(w.id(), value)));
  }

  @Override
  public Optional<String> pending(Widget live) {
    return "available".equals(live.status()) ? Optional.empty() : Optional.of("status is " + live.status());
  }

  @Override
  public Optional<String> deletionGuard(Widget live, boolean deleteData) {
    return Optional.ofNullable(guard);
  }

  @Override
  public void delete(Widget live) {
    cloud.delete(live.id());
  }
}
