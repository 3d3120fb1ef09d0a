package io.provisioner.steps.network.transitgateway;

/**
 * What {@code network.transit-gateway} publishes.
 *
 * @param transitGatewayId the hub, e.g. {@code tgw-0abc}
 * @param transitGatewayArn its ARN (what a resource share names)
 * @param attachmentId the VPC attachment of {@code network.vpc}'s VPC
 * @param resourceShareArn the RAM share with the organization; null when not shared
 */
public record TransitGatewayOutputs(String transitGatewayId, String transitGatewayArn, String attachmentId,
    String resourceShareArn) {}
