package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ram.RamClient;
import software.amazon.awssdk.services.ram.model.RamException;
import software.amazon.awssdk.services.ram.model.ResourceOwner;
import software.amazon.awssdk.services.ram.model.ResourceShare;
import software.amazon.awssdk.services.ram.model.ResourceShareAssociationStatus;
import software.amazon.awssdk.services.ram.model.ResourceShareAssociationType;
import software.amazon.awssdk.services.ram.model.ResourceShareStatus;
import software.amazon.awssdk.services.ram.model.Tag;

/**
 * The RAM resource share {@code <project>-<env>-tgw} that shares the transit gateway with the whole
 * organization (external principals not allowed), so VPCs of member accounts can attach to it.
 * Found by name among the account's own active shares; created with a client token.
 */
final class OrganizationShare {
  static final String KEY = "share";
  static final String ARN = "resourceShareArn";

  private static final Set<ResourceShareAssociationStatus> LINKED =
      Set.of(ResourceShareAssociationStatus.ASSOCIATED, ResourceShareAssociationStatus.ASSOCIATING);

  private final StepContext ctx;
  private final RamClient ram;

  OrganizationShare(StepContext ctx) {
    this.ctx = ctx;
    this.ram = ctx.clients().get(RamClient.class);
  }

  String name() {
    return ctx.project() + "-" + ctx.env() + "-tgw";
  }

  // ---------------------------------------------------------------- create

  void converge(String tgwArn, String organizationArn, List<String> changes) {
    Optional<ResourceShare> found = find();
    if (found.isEmpty()) {
      ResourceShare share = create(tgwArn, organizationArn);
      changes.add("shared the transit gateway with " + organizationArn + " (" + share.resourceShareArn() + ")");
      return;
    }
    ResourceShare share = found.get();
    String arn = share.resourceShareArn();
    remember(arn);
    ctx.checkpoints().clearIntent(KEY);
    if (Boolean.TRUE.equals(share.allowExternalPrincipals())) {
      ram.updateResourceShare(b -> b.resourceShareArn(arn).allowExternalPrincipals(false));
      changes.add("resource share " + name() + ": external principals disallowed");
    }
    // Associating what is already associated is harmless, so these calls need no token.
    if (!associated(arn, ResourceShareAssociationType.PRINCIPAL).contains(organizationArn)) {
      ram.associateResourceShare(b -> b.resourceShareArn(arn).principals(organizationArn));
      changes.add("resource share " + name() + ": added principal " + organizationArn);
    }
    if (!associated(arn, ResourceShareAssociationType.RESOURCE).contains(tgwArn)) {
      ram.associateResourceShare(b -> b.resourceShareArn(arn).resourceArns(tgwArn));
      changes.add("resource share " + name() + ": added " + tgwArn);
    }
  }

  private ResourceShare create(String tgwArn, String organizationArn) {
    // The intent carries the client token: a retry after a lost response repeats the same token (RAM
    // returns the first share), while a share created again after a deletion gets a fresh one.
    String token = ctx.checkpoints().intent(KEY).orElseGet(() -> ClientTokens.of(ctx.env(), TransitGatewayStep.ID,
        "share|" + tgwArn + "|" + UUID.randomUUID(), 64));
    ctx.checkpoints().putIntent(KEY, token);
    ResourceShare share;
    try {
      share = ram.createResourceShare(b -> b
              .name(name())
              .allowExternalPrincipals(false)
              .principals(organizationArn)
              .resourceArns(tgwArn)
              .clientToken(token)
              .tags(ramTags(ctx.tags().forKey(KEY))))
          .resourceShare();
    } catch (RamException e) {
      if (AwsErrors.hasCode(e, "OperationNotPermittedException")) {
        throw new StepException("sharing transit gateway " + tgwArn + " with " + organizationArn + " is not "
            + "permitted: enable RAM sharing with AWS Organizations in the management account "
            + "(ram enable-sharing-with-aws-organization) or set network.transitGateway.shareWithOrganization "
            + "to false", e);
      }
      throw e;
    }
    remember(share.resourceShareArn());
    ctx.checkpoints().clearIntent(KEY);
    return share;
  }

  // ---------------------------------------------------------------- verify

  List<String> differences(String tgwArn, String organizationArn) {
    Optional<ResourceShare> found = find();
    if (found.isEmpty()) {
      return List.of("resource share " + name() + " (transit gateway → " + organizationArn + ") is missing");
    }
    String arn = found.get().resourceShareArn();
    List<String> differences = new ArrayList<>();
    if (Boolean.TRUE.equals(found.get().allowExternalPrincipals())) {
      differences.add("resource share " + name() + " allows external principals, expected not");
    }
    if (!associated(arn, ResourceShareAssociationType.PRINCIPAL).contains(organizationArn)) {
      differences.add("resource share " + name() + " does not share with " + organizationArn);
    }
    if (!associated(arn, ResourceShareAssociationType.RESOURCE).contains(tgwArn)) {
      differences.add("resource share " + name() + " does not contain transit gateway " + tgwArn);
    }
    return differences;
  }

  /** For a spec that no longer shares: the share recorded earlier, if it is still active. */
  Optional<String> leftover() {
    return ctx.checkpoints().get(ARN).flatMap(this::byArn).map(ResourceShare::resourceShareArn);
  }

  // ---------------------------------------------------------------- rollback

  /** Deletes the share (recorded, or found by name); unknown or already deleted is done. */
  void delete() {
    Optional<ResourceShare> share = find();
    if (share.isPresent()) {
      try {
        ram.deleteResourceShare(b -> b.resourceShareArn(share.get().resourceShareArn()));
      } catch (RamException e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    ctx.checkpoints().remove(ARN);
    ctx.checkpoints().clearIntent(KEY);
  }

  // ---------------------------------------------------------------- lookup

  /** The recorded share if still active, else the oldest active share of this account with our name. */
  Optional<ResourceShare> find() {
    Optional<ResourceShare> recorded = ctx.checkpoints().get(ARN).flatMap(this::byArn);
    if (recorded.isPresent()) {
      return recorded;
    }
    List<ResourceShare> named = new ArrayList<>();
    ram.getResourceSharesPaginator(b -> b.resourceOwner(ResourceOwner.SELF).name(name())
            .resourceShareStatus(ResourceShareStatus.ACTIVE))
        .stream().flatMap(page -> page.resourceShares().stream())
        .forEach(s -> {
          // Filters are re-checked here: an emulator may ignore them.
          if (name().equals(s.name()) && s.status() == ResourceShareStatus.ACTIVE) {
            named.add(s);
          }
        });
    named.sort(Comparator.comparing(ResourceShare::creationTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
    return named.stream().findFirst();
  }

  private Optional<ResourceShare> byArn(String arn) {
    try {
      return ram.getResourceShares(b -> b.resourceOwner(ResourceOwner.SELF).resourceShareArns(arn)).resourceShares()
          .stream().filter(s -> arn.equals(s.resourceShareArn()) && s.status() == ResourceShareStatus.ACTIVE)
          .findFirst();
    } catch (RamException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Principals or resources associated (or being associated) with the share. */
  private List<String> associated(String shareArn, ResourceShareAssociationType type) {
    List<String> entities = new ArrayList<>();
    ram.getResourceShareAssociationsPaginator(b -> b.associationType(type).resourceShareArns(shareArn))
        .stream().flatMap(page -> page.resourceShareAssociations().stream())
        .forEach(a -> {
          if (shareArn.equals(a.resourceShareArn()) && LINKED.contains(a.status())) {
            entities.add(a.associatedEntity());
          }
        });
    return entities;
  }

  private void remember(String arn) {
    if (!ctx.checkpoints().get(ARN).filter(arn::equals).isPresent()) {
      ctx.checkpoints().put(ARN, arn);
    }
  }

  private static List<Tag> ramTags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
