package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The Elastic IP of one AZ's NAT gateway ({@code eip.us-east-1a}). AllocateAddress takes no client
 * token: its intent and the tags it sets let a resume find it. Released after its NAT gateway is
 * deleted.
 */
final class ElasticIpResource extends Ec2Resource<Address> {
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("InvalidAllocationID.NotFound").notYetVisible("InvalidAllocationID.NotFound");

  ElasticIpResource(Network net, String az) {
    super(net, "eip." + az, "eip." + az, "nat-" + az, "Elastic IP eip." + az, ERRORS, new Api<>(
        id -> net.ec2.describeAddresses(b -> b.allocationIds(id)).addresses(),
        filters -> net.ec2.describeAddresses(b -> b.filters(filters)).addresses(), Address::tags,
        Address::allocationId));
  }

  @Override
  public Address create() {
    AllocateAddressResponse r = ec2.allocateAddress(b -> b.domain(DomainType.VPC)
        .tagSpecifications(tagSpec(ResourceType.ELASTIC_IP)));
    return created(Address.builder().allocationId(r.allocationId()).publicIp(r.publicIp()).domain(r.domain())
        .tags(expectedTags()).build());
  }

  @Override
  public List<Setting<Address>> settings() {
    return List.of(tags());
  }

  @Override
  public void delete(Address eip) {
    ec2.releaseAddress(b -> b.allocationId(eip.allocationId()));
  }
}
