package io.provisioner.localstack.shim;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/** The EC2 correction of the moto shim (patch 5x of moto-shim/README.md), through the SDK v2. */
@ExtendWith(EmulatorExtension.class)
class MotoShimEc2IT {

  @Test
  void aRouteTableAddedToAGatewayEndpointGetsItsRoute_andTheEndpointCanBeDeleted(Emulator emulator) {
    Ec2Client ec2 = Clients.of(Ec2Client.builder(), emulator);
    String vpc = ec2.createVpc(b -> b.cidrBlock("10.78.0.0/16")).vpc().vpcId();
    String first = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
    String second = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
    String endpoint = ec2.createVpcEndpoint(b -> b.vpcId(vpc).vpcEndpointType(VpcEndpointType.GATEWAY)
        .serviceName("com.amazonaws.us-east-1.s3").routeTableIds(first)).vpcEndpoint().vpcEndpointId();

    ec2.modifyVpcEndpoint(b -> b.vpcEndpointId(endpoint).addRouteTableIds(second));

    assertThat(prefixListRoutes(ec2, second)).as("route added with the table").hasSize(1);
    ec2.modifyVpcEndpoint(b -> b.vpcEndpointId(endpoint).removeRouteTableIds(first));
    assertThat(prefixListRoutes(ec2, first)).as("route removed with the table").isEmpty();

    ec2.deleteVpcEndpoints(b -> b.vpcEndpointIds(endpoint));
    assertThat(prefixListRoutes(ec2, second)).isEmpty();
    ec2.deleteRouteTable(b -> b.routeTableId(first));
    ec2.deleteRouteTable(b -> b.routeTableId(second));
    ec2.deleteVpc(b -> b.vpcId(vpc));
  }

  private static List<Route> prefixListRoutes(Ec2Client ec2, String table) {
    return ec2.describeRouteTables(b -> b.routeTableIds(table)).routeTables().get(0).routes().stream()
        .filter(r -> r.destinationPrefixListId() != null).toList();
  }
}
