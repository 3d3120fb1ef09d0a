package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The VPC's internet gateway, attached to it; the public route table's default route. */
final class InternetGateway {
  static final String KEY = "igw";
  static final String CHECKPOINT = "igwId";

  private static final Logger LOG = LoggerFactory.getLogger(InternetGateway.class);

  private final VpcContext vc;

  InternetGateway(VpcContext vc) {
    this.vc = vc;
  }

  /** Adopts or creates the gateway and attaches it to the VPC; returns its id. */
  String converge(String vpcId, List<String> changes) {
    software.amazon.awssdk.services.ec2.model.InternetGateway igw = find().orElse(null);
    if (igw == null) {
      vc.intend(CHECKPOINT, "CreateInternetGateway for " + vpcId);
      igw = vc.ec2().createInternetGateway(b -> b.tagSpecifications(
          vc.tagSpec(ResourceType.INTERNET_GATEWAY, KEY, "igw"))).internetGateway();
      changes.add("created internet gateway " + igw.internetGatewayId());
      LOG.info("created internet gateway [step={}] [igwId={}]", VpcStep.ID, igw.internetGatewayId());
    }
    String igwId = igw.internetGatewayId();
    vc.remember(CHECKPOINT, igwId);
    Optional<String> attachedTo = igw.attachments().stream().map(InternetGatewayAttachment::vpcId).findFirst();
    if (attachedTo.isEmpty()) {
      vc.mutate("attach internet gateway " + igwId + " to " + vpcId,
          () -> vc.ec2().attachInternetGateway(b -> b.internetGatewayId(igwId).vpcId(vpcId)));
      changes.add("attached internet gateway " + igwId);
    } else if (!attachedTo.get().equals(vpcId)) {
      throw new StepException("internet gateway " + igwId + " of this environment is attached to "
          + attachedTo.get() + ", not to the environment's VPC " + vpcId
          + "; detach it there (or delete it) and run 'up' again");
    }
    vc.convergeTags(igwId, igw.tags(), KEY, "igw", changes);
    return igwId;
  }

  /** Read-only differences; returns the gateway's id when there is one. */
  Optional<String> verify(String vpcId, List<String> differences) {
    Optional<software.amazon.awssdk.services.ec2.model.InternetGateway> found = find();
    if (found.isEmpty()) {
      differences.add("internet gateway is missing");
      return Optional.empty();
    }
    var igw = found.get();
    String label = "internet gateway " + igw.internetGatewayId();
    boolean attached = igw.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId()));
    if (!attached) {
      differences.add(label + ": not attached to " + vpcId);
    }
    vc.tagDifferences(label, igw.tags(), KEY, "igw", differences);
    return Optional.of(igw.internetGatewayId());
  }

  Optional<software.amazon.awssdk.services.ec2.model.InternetGateway> find() {
    return all().stream().findFirst();
  }

  /** The recorded gateway first, then those tagged for this env and step. */
  private List<software.amazon.awssdk.services.ec2.model.InternetGateway> all() {
    Map<String, software.amazon.awssdk.services.ec2.model.InternetGateway> all = new LinkedHashMap<>();
    vc.recorded(CHECKPOINT).ifPresent(id -> {
      try {
        vc.ec2().describeInternetGateways(b -> b.internetGatewayIds(id)).internetGateways()
            .forEach(g -> all.put(g.internetGatewayId(), g));
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    });
    vc.ec2().describeInternetGatewaysPaginator(b -> b.filters(vc.ownedBy(KEY))).internetGateways()
        .forEach(g -> all.putIfAbsent(g.internetGatewayId(), g));
    return List.copyOf(all.values());
  }

  /** Detaches and deletes every gateway of this env and step; not found is done. */
  void rollback() {
    for (var igw : all()) {
      String igwId = igw.internetGatewayId();
      for (InternetGatewayAttachment attachment : igw.attachments()) {
        VpcContext.ignoreNotFound(() -> vc.ec2().detachInternetGateway(b -> b.internetGatewayId(igwId)
            .vpcId(attachment.vpcId())));
      }
      VpcContext.ignoreNotFound(() -> vc.ec2().deleteInternetGateway(b -> b.internetGatewayId(igwId)));
      LOG.info("deleted internet gateway [step={}] [igwId={}]", VpcStep.ID, igwId);
    }
    vc.forget(CHECKPOINT);
  }
}
