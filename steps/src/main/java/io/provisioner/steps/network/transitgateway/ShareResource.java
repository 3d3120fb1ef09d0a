package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ram.RamClient;
import software.amazon.awssdk.services.ram.model.OperationNotPermittedException;
import software.amazon.awssdk.services.ram.model.ResourceOwner;
import software.amazon.awssdk.services.ram.model.ResourceShare;
import software.amazon.awssdk.services.ram.model.ResourceShareAssociationStatus;
import software.amazon.awssdk.services.ram.model.ResourceShareAssociationType;
import software.amazon.awssdk.services.ram.model.ResourceShareStatus;
import software.amazon.awssdk.services.ram.model.Tag;

/**
 * The RAM resource share {@code <project>-<env>-tgw} that shares the transit gateway with the whole
 * organization (external principals not allowed), so VPCs of member accounts can attach to it.
 * Found by its recorded ARN, then by name among the account's own shares that are active or
 * pending (a share whose CreateResourceShare response was lost is found so). Its client token is
 * one per run: the SDK's own retries of a lost request repeat it, and a share created again after a
 * deletion is a new one.
 */
final class ShareResource implements Resource<ResourceShare> {
  static final String KEY = "share";
  static final String ARN = "resourceShareArn";

  /**
   * RAM error codes (API reference, GetResourceShares and AssociateResourceShare): an unknown share
   * ARN is {@code UnknownResourceException}, also for a share of a moment ago.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("UnknownResourceException")
      .notYetVisible("UnknownResourceException");
  private static final Set<ResourceShareStatus> LIVE = Set.of(ResourceShareStatus.ACTIVE, ResourceShareStatus.PENDING);
  private static final Set<ResourceShareAssociationStatus> LINKED =
      Set.of(ResourceShareAssociationStatus.ASSOCIATED, ResourceShareAssociationStatus.ASSOCIATING);

  private final StepContext ctx;
  private final RamClient ram;
  private final String transitGatewayArn;
  private final String organizationArn;
  private final String clientToken = UUID.randomUUID().toString();

  /**
   * @param transitGatewayArn what is shared; null when the share is only found and deleted
   * @param organizationArn with whom; null when the share is only found and deleted
   */
  ShareResource(StepContext ctx, RamClient ram, String transitGatewayArn, String organizationArn) {
    this.ctx = ctx;
    this.ram = ram;
    this.transitGatewayArn = transitGatewayArn;
    this.organizationArn = organizationArn;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return ARN;
  }

  @Override
  public String description() {
    return "resource share " + name();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<ResourceShare> read(String arn) {
    return ram.getResourceShares(b -> b.resourceOwner(ResourceOwner.SELF).resourceShareArns(arn)).resourceShares()
        .stream().filter(s -> arn.equals(s.resourceShareArn()) && LIVE.contains(s.status())).findFirst();
  }

  /** The oldest live share of this account with the name; filters are checked again, an emulator may ignore them. */
  @Override
  public Optional<ResourceShare> lookup() {
    return ram.getResourceSharesPaginator(b -> b.resourceOwner(ResourceOwner.SELF).name(name())).stream()
        .flatMap(page -> page.resourceShares().stream())
        .filter(s -> name().equals(s.name()) && LIVE.contains(s.status()))
        .min(Comparator.comparing(ResourceShare::creationTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
  }

  @Override
  public ResourceShare create() {
    try {
      return ram.createResourceShare(b -> b
              .name(name())
              .allowExternalPrincipals(false)
              .principals(organizationArn)
              .resourceArns(transitGatewayArn)
              .clientToken(clientToken)
              .tags(Tags.to(ctx.tags().forKey(KEY), (k, v) -> Tag.builder().key(k).value(v).build())))
          .resourceShare();
    } catch (OperationNotPermittedException e) {
      throw new StepException("sharing transit gateway " + transitGatewayArn + " with " + organizationArn + " is not "
          + "permitted: enable RAM sharing with AWS Organizations in the management account "
          + "(ram enable-sharing-with-aws-organization) or set network.transitGateway.shareWithOrganization "
          + "to false", e);
    }
  }

  @Override
  public String id(ResourceShare share) {
    return share.resourceShareArn();
  }

  @Override
  public List<Setting<ResourceShare>> settings() {
    return List.of(
        Setting.of("external principals allowed", s -> Boolean.TRUE.equals(s.allowExternalPrincipals()), false,
            (s, allowed) -> ram.updateResourceShare(b -> b.resourceShareArn(s.resourceShareArn())
                .allowExternalPrincipals(allowed))),
        new Associated(ResourceShareAssociationType.PRINCIPAL, organizationArn, "does not share with "),
        new Associated(ResourceShareAssociationType.RESOURCE, transitGatewayArn, "does not contain "));
  }

  @Override
  public Optional<String> pending(ResourceShare share) {
    return share.status() == ResourceShareStatus.PENDING ? Optional.of("status is PENDING") : Optional.empty();
  }

  @Override
  public void delete(ResourceShare share) {
    ram.deleteResourceShare(b -> b.resourceShareArn(share.resourceShareArn()));
  }

  private String name() {
    return ctx.project() + "-" + ctx.env() + "-tgw";
  }

  /** One principal or resource associated (or being associated) with the share; associating it again is harmless. */
  private final class Associated implements Setting<ResourceShare> {
    private final ResourceShareAssociationType type;
    private final String entity;
    private final String missing;

    Associated(ResourceShareAssociationType type, String entity, String missing) {
      this.type = type;
      this.entity = entity;
      this.missing = missing;
    }

    @Override
    public List<String> differences(ResourceShare share) {
      boolean linked = ram.getResourceShareAssociationsPaginator(b -> b.associationType(type)
              .resourceShareArns(share.resourceShareArn()))
          .stream().flatMap(page -> page.resourceShareAssociations().stream())
          .anyMatch(a -> share.resourceShareArn().equals(a.resourceShareArn()) && LINKED.contains(a.status())
              && entity.equals(a.associatedEntity()));
      return linked ? List.of() : List.of(missing + entity);
    }

    @Override
    public void apply(ResourceShare share) {
      if (type == ResourceShareAssociationType.PRINCIPAL) {
        ram.associateResourceShare(b -> b.resourceShareArn(share.resourceShareArn()).principals(entity));
      } else {
        ram.associateResourceShare(b -> b.resourceShareArn(share.resourceShareArn()).resourceArns(entity));
      }
    }
  }
}
