package io.provisioner.steps.security.iam;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/** What the IAM resources of one run share: the client, the names of this environment and its tags. */
record IamContext(IamClient iam, Naming naming, ResourceTags tags) {

  static IamContext of(StepContext ctx, String path) {
    String account = ctx.clients().accountId(ctx.target());
    return new IamContext(ctx.clients().get(IamClient.class),
        new Naming(ctx.project(), ctx.env(), account, ctx.target().region(), path), ctx.tags());
  }

  /** The tags of the resource of a logical key, as IAM takes them. */
  List<Tag> tagsFor(String key) {
    return iamTags(tags.forKey(key));
  }

  /** The tags of the resource of a logical key, as a setting: {@code read} its tags, {@code put} the missing ones. */
  <L> Setting<L> tagSetting(String key, Function<L, List<Tag>> read, BiConsumer<L, List<Tag>> put) {
    return Tags.setting(tags.forKey(key), live -> Tags.from(read.apply(live), Tag::key, Tag::value),
        (live, missing) -> put.accept(live, iamTags(missing)));
  }

  private static List<Tag> iamTags(Map<String, String> tags) {
    return Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build());
  }
}
