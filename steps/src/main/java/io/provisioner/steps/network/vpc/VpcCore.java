package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/**
 * The VPC itself and its DNS attributes (support and hostnames, both on). CreateVpc takes no
 * client token, so its write-ahead intent is recorded first and a resume finds the VPC by its
 * {@code provisioner:*} tags, which CreateVpc sets atomically.
 */
final class VpcCore {
  static final String KEY = "vpc";
  static final String CHECKPOINT = "vpcId";

  private static final Logger LOG = LoggerFactory.getLogger(VpcCore.class);

  private final VpcContext vc;

  VpcCore(VpcContext vc) {
    this.vc = vc;
  }

  /** Adopts or creates the VPC and converges its DNS attributes and tags. */
  Vpc converge(List<String> changes) {
    Vpc vpc = find().orElse(null);
    if (vpc == null) {
      vpc = create();
      changes.add("created VPC " + vpc.vpcId());
    }
    vc.remember(CHECKPOINT, vpc.vpcId());
    if (!vc.spec().cidr().equals(vpc.cidrBlock())) {
      throw new StepException("cidr: VPC " + vpc.vpcId() + " has CIDR " + vpc.cidrBlock() + " but the profile says "
          + vc.spec().cidr() + "; a VPC's CIDR cannot change in place. Put cidr back to " + vpc.cidrBlock()
          + ", or roll back network.vpc (and the steps that use it) and run 'up' again to build a new VPC");
    }
    if (vpc.state() == VpcState.PENDING) {
      String id = vpc.vpcId();
      try (var waiter = vc.ec2().waiter()) {
        waiter.waitUntilVpcAvailable(DescribeVpcsRequest.builder().vpcIds(id).build(), vc.waiterConfig());
      }
    }
    convergeDns(vpc.vpcId(), changes);
    vc.convergeTags(vpc.vpcId(), vpc.tags(), KEY, "vpc", changes);
    return vpc;
  }

  private Vpc create() {
    VpcSpec spec = vc.spec();
    vc.intend(CHECKPOINT, "CreateVpc " + spec.cidr());
    Vpc vpc = vc.ec2().createVpc(b -> b.cidrBlock(spec.cidr())
        .tagSpecifications(vc.tagSpec(ResourceType.VPC, KEY, "vpc"))).vpc();
    vc.remember(CHECKPOINT, vpc.vpcId());
    LOG.info("created VPC [step={}] [vpcId={}] [cidr={}]", VpcStep.ID, vpc.vpcId(), spec.cidr());
    return vpc;
  }

  /** Support first: hostnames can only be enabled while DNS support is on. */
  private void convergeDns(String vpcId, List<String> changes) {
    if (!attribute(vpcId, VpcAttributeName.ENABLE_DNS_SUPPORT)) {
      vc.mutate("enable DNS support of " + vpcId,
          () -> vc.ec2().modifyVpcAttribute(b -> b.vpcId(vpcId).enableDnsSupport(v -> v.value(true))));
      changes.add("enabled DNS support");
    }
    if (!attribute(vpcId, VpcAttributeName.ENABLE_DNS_HOSTNAMES)) {
      vc.mutate("enable DNS hostnames of " + vpcId,
          () -> vc.ec2().modifyVpcAttribute(b -> b.vpcId(vpcId).enableDnsHostnames(v -> v.value(true))));
      changes.add("enabled DNS hostnames");
    }
  }

  private boolean attribute(String vpcId, VpcAttributeName name) {
    var response = vc.ec2().describeVpcAttribute(b -> b.vpcId(vpcId).attribute(name));
    var value = name == VpcAttributeName.ENABLE_DNS_SUPPORT ? response.enableDnsSupport()
        : response.enableDnsHostnames();
    return value != null && Boolean.TRUE.equals(value.value());
  }

  /** Read-only differences of an existing VPC. */
  void verify(Vpc vpc, List<String> differences) {
    String label = "VPC " + vpc.vpcId();
    if (!vc.spec().cidr().equals(vpc.cidrBlock())) {
      differences.add(label + ": CIDR is " + vpc.cidrBlock() + ", expected " + vc.spec().cidr()
          + " (cannot change in place)");
    }
    if (!attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT)) {
      differences.add(label + ": DNS support is disabled, expected enabled");
    }
    if (!attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES)) {
      differences.add(label + ": DNS hostnames is disabled, expected enabled");
    }
    vc.tagDifferences(label, vpc.tags(), KEY, "vpc", differences);
  }

  /** The recorded VPC, else the one tagged for this env and step. */
  Optional<Vpc> find() {
    Optional<Vpc> recorded = vc.recorded(CHECKPOINT).flatMap(this::describe);
    if (recorded.isPresent()) {
      return recorded;
    }
    return tagged().stream().findFirst();
  }

  /** Every VPC of this env and step: the recorded one and any tagged one (a twin included). */
  List<Vpc> all() {
    Map<String, Vpc> all = new LinkedHashMap<>();
    vc.recorded(CHECKPOINT).flatMap(this::describe).ifPresent(v -> all.put(v.vpcId(), v));
    tagged().forEach(v -> all.putIfAbsent(v.vpcId(), v));
    return List.copyOf(all.values());
  }

  private List<Vpc> tagged() {
    List<Vpc> vpcs = new ArrayList<>();
    vc.ec2().describeVpcsPaginator(b -> b.filters(vc.ownedBy(KEY))).vpcs().forEach(vpcs::add);
    vpcs.sort(Comparator.comparing(Vpc::vpcId));
    return vpcs;
  }

  private Optional<Vpc> describe(String vpcId) {
    try {
      return vc.ec2().describeVpcs(b -> b.vpcIds(vpcId)).vpcs().stream().findFirst();
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Deletes the VPCs; not found is done. */
  void rollback(List<Vpc> vpcs) {
    for (Vpc vpc : vpcs) {
      try {
        vc.ec2().deleteVpc(b -> b.vpcId(vpc.vpcId()));
        LOG.info("deleted VPC [step={}] [vpcId={}]", VpcStep.ID, vpc.vpcId());
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    vc.forget(CHECKPOINT);
  }
}
