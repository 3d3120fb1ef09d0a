package io.provisioner.steps.security.iam;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * What the IAM resource classes share for one call of the step: the client, the names of this
 * environment, tags, checkpoints, and the one way of making a call (errors become a {@link
 * StepException} saying what was being done; calls that can fail only because IAM is eventually
 * consistent are retried through {@link Transient}).
 */
record IamContext(IamClient iam, Naming naming, ResourceTags tags, Checkpoints checkpoints, Waits waits) {

  /** A resource created a moment ago may not be visible to the next call yet. */
  static final Set<String> NOT_YET_VISIBLE = Set.of("NoSuchEntity");

  /** A dependency removed a moment ago may still be seen by the delete that follows. */
  static final Set<String> STILL_ATTACHED = Set.of("DeleteConflict");

  static IamContext of(StepContext ctx, String path) {
    String account = ctx.clients().accountId(ctx.target());
    Naming naming = new Naming(ctx.project(), ctx.env(), account, ctx.target().region(), path);
    return new IamContext(ctx.clients().get(IamClient.class), naming, ctx.tags(), ctx.checkpoints(), ctx.waits());
  }

  /** A read; any error is a StepException naming {@code what}. */
  <T> T read(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failed(what, e);
    }
  }

  /** A read of something that may not exist: empty when IAM says not found. */
  <T> Optional<T> find(String what, Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (SdkException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw failed(what, e);
    }
  }

  /** A mutating call, retried while it fails with one of {@code transientCodes} or throttling. */
  <T> T mutate(String what, Set<String> transientCodes, Supplier<T> call) {
    try {
      return Transient.retry(waits, what, transientCodes, call);
    } catch (SdkException e) {
      throw failed(what, e);
    }
  }

  /** A mutating call on a resource that may be brand new (retried while it is not visible yet). */
  <T> T change(String what, Supplier<T> call) {
    return mutate(what, NOT_YET_VISIBLE, call);
  }

  /** A delete: true when it deleted, false when the resource was already gone. */
  boolean delete(String what, Set<String> transientCodes, Supplier<?> call) {
    try {
      Transient.retry(waits, what, transientCodes, call);
      return true;
    } catch (SdkException e) {
      if (AwsErrors.isNotFound(e)) {
        return false;
      }
      throw failed(what, e);
    }
  }

  /**
   * Finds a resource by its unique name and adopts it, or creates it when it is missing. A create
   * that fails with "already exists" (an earlier attempt whose response was lost, or a concurrent
   * run) adopts what is there. Reads only when the resource exists.
   */
  <T> Outcome<T> findOrCreate(String what, Supplier<T> lookup, Supplier<T> create) {
    Optional<T> existing = find("read " + what, lookup);
    if (existing.isPresent()) {
      return new Outcome<>(existing.get(), false);
    }
    try {
      return new Outcome<>(Transient.retry(waits, "create " + what, Set.of(), create), true);
    } catch (SdkException e) {
      if (AwsErrors.isAlreadyExists(e)) {
        return new Outcome<>(read("adopt the existing " + what, lookup), false);
      }
      throw failed("create " + what, e);
    }
  }

  /** The resource a {@link #findOrCreate} ended with, and whether it was created just now. */
  record Outcome<T>(T resource, boolean created) {}

  /** The IAM tags of the resource of a logical key, in a stable order. */
  List<Tag> tagsFor(String logicalKey) {
    List<Tag> result = new ArrayList<>();
    tags.forKey(logicalKey).forEach((k, v) -> result.add(Tag.builder().key(k).value(v).build()));
    return result;
  }

  /** The wanted tags that are missing from {@code actual} or carry another value there. */
  List<Tag> tagsToApply(String logicalKey, List<Tag> actual) {
    Map<String, String> have = new java.util.HashMap<>();
    actual.forEach(t -> have.put(t.key(), t.value()));
    return tagsFor(logicalKey).stream().filter(t -> !t.value().equals(have.get(t.key()))).toList();
  }

  /** The tag differences, in words, for a verify report. */
  List<String> tagDifferences(String resource, String logicalKey, List<Tag> actual) {
    Map<String, String> have = new java.util.HashMap<>();
    actual.forEach(t -> have.put(t.key(), t.value()));
    List<String> differences = new ArrayList<>();
    for (Tag wanted : tagsFor(logicalKey)) {
      String value = have.get(wanted.key());
      if (value == null) {
        differences.add(resource + ": tag " + wanted.key() + " is missing");
      } else if (!value.equals(wanted.value())) {
        differences.add(resource + ": tag " + wanted.key() + " is '" + value + "', expected '" + wanted.value() + "'");
      }
    }
    return differences;
  }

  /** Logical names recorded under {@code <prefix>.<name>.arn}, e.g. the roles of earlier runs. */
  List<String> recorded(String prefix) {
    String start = prefix + ".";
    return checkpoints.all().keySet().stream()
        .filter(k -> k.startsWith(start) && k.endsWith(".arn"))
        .map(k -> k.substring(start.length(), k.length() - ".arn".length()))
        .sorted()
        .toList();
  }

  private static StepException failed(String what, SdkException e) {
    String code = AwsErrors.code(e);
    return new StepException("security.iam: could not " + what + (code.isEmpty() ? "" : " [" + code + "]")
        + ": " + e.getMessage(), e);
  }
}
