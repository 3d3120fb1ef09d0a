package io.provisioner.steps.org.organization;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

/**
 * The organization of the management account, with its root. Adopted when the caller already
 * belongs to one, created with all features otherwise. Never deleted: a rollback keeps it (it
 * cannot be deleted while it has members, and it is what the management account is for).
 *
 * <p>Checkpoints: {@code organizationId}, {@code organizationArn}, {@code managementAccountId} and
 * {@code rootId}.
 */
final class OrganizationResource implements Resource<OrganizationResource.Live> {
  /** Any Organizations call from an account that belongs to no organization. */
  static final String NOT_IN_USE = "AWSOrganizationsNotInUseException";

  private static final Logger LOG = LoggerFactory.getLogger(OrganizationResource.class);
  private static final ErrorCodes ERRORS = ErrorCodes.notFound(NOT_IN_USE).alreadyExists("AlreadyInOrganizationException");

  /** The organization and the id of its root (an organization has exactly one). */
  record Live(Organization organization, String rootId) {}

  private final OrganizationsClient org;
  private final OrganizationSpec spec;

  OrganizationResource(StepContext ctx, OrganizationSpec spec) {
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.spec = spec;
  }

  @Override
  public String key() {
    return "organization";
  }

  @Override
  public String idKey() {
    return "organizationId";
  }

  @Override
  public String description() {
    return "the organization of the management account";
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The caller's organization: an account belongs to at most one, so the recorded id is not needed to find it. */
  @Override
  public Optional<Live> read(String organizationId) {
    Organization organization = org.describeOrganization().organization();
    return Optional.of(new Live(organization, org.listRoots().roots().get(0).id()));
  }

  @Override
  public Optional<Live> lookup() {
    return read(null);
  }

  @Override
  public Live create() {
    Organization organization = org.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL)).organization();
    return new Live(organization, org.listRoots().roots().get(0).id());
  }

  @Override
  public String id(Live live) {
    return live.organization().id();
  }

  @Override
  public Map<String, String> recorded(Live live) {
    return Map.of("organizationArn", live.organization().arn(),
        "managementAccountId", live.organization().masterAccountId(), "rootId", live.rootId());
  }

  /** ALL cannot be switched on by this step: every member account has to accept the handshake. */
  @Override
  public List<Setting<Live>> settings() {
    return List.of(new Setting<>() {
      @Override
      public List<String> differences(Live live) {
        String actual = live.organization().featureSetAsString();
        return spec.featureSet().equals(actual) ? List.of()
            : List.of("feature set is " + actual + ", expected " + spec.featureSet());
      }

      @Override
      public void apply(Live live) {
        throw new StepException("featureSet: organization " + live.organization().id() + " has feature set "
            + live.organization().featureSetAsString() + ", the spec needs " + spec.featureSet() + "; this cannot "
            + "be changed by the step: run 'aws organizations enable-all-features', have every member account "
            + "accept the handshake, then run up again");
      }
    });
  }

  /** Kept: a rollback never deletes the organization. */
  @Override
  public void delete(Live live) {
    LOG.info("kept the organization: a rollback never deletes it [organization={}]", live.organization().id());
  }
}
