/**
 * Step {@code network.transit-gateway}: the transit gateway of the hub-and-spoke network, its RAM
 * share with the organization, the spoke VPC's attachment and the routes to it. {@link
 * io.provisioner.steps.network.transitgateway.TransitGatewayStep} and {@link
 * io.provisioner.steps.network.transitgateway.TransitGatewaySpec} are the public face; the rest is
 * package-private.
 *
 * <h2>AWS rules</h2>
 *
 * <ul>
 *   <li>CreateTransitGateway and CreateTransitGatewayVpcAttachment take no client token (EC2 API
 *       reference): a lost create is found by tags, or as the one live attachment of the VPC to the
 *       transit gateway. {@code TransitGatewayLostResponseIT}.
 *   <li>A VPC attaches only to a transit gateway of its own region, and another account's VPC only
 *       to a shared one (AWS Transit Gateway guide, "Transit gateway attachments to a VPC"). {@code
 *       TransitGatewayPlacementTest}.
 *   <li>A VPC attachment takes one subnet per Availability Zone (CreateTransitGatewayVpcAttachment,
 *       SubnetIds): a subnet is swapped in one ModifyTransitGatewayVpcAttachment. {@code
 *       AttachmentSettingsTest.subnets_swappedInOneModification}.
 *   <li>An attachment from another account stays {@code pendingAcceptance} until the transit
 *       gateway's owner accepts it (AcceptTransitGatewayVpcAttachment). {@code
 *       AttachmentSettingsTest.pendingAcceptance_isADifference_acceptedWithTheOwnersClient}.
 *   <li>DeleteTransitGateway refuses while attachments remain: rollback waits until the attachment
 *       is deleted. The contract scenario's rollback in {@code TransitGatewayStepIT}.
 *   <li>The ASN can be modified only without VPN, Direct Connect or Connect attachments
 *       (ModifyTransitGatewayOptions, AmazonSideAsn), and modified options apply to new attachments
 *       only (ModifyTransitGateway): the ASN is kept fixed. {@code
 *       TransitGatewayStepIT.create_withAnotherAsn_failsNamingTheFieldAndLeavesTheGateway}.
 *   <li>CreateRoute answers {@code RouteAlreadyExists} for a taken destination (CreateRoute): a
 *       route of ours is kept, a blackhole replaced, an active route of someone else never. {@code
 *       TransitGatewayStepIT.create_whenDestinationRoutedToAnActiveTarget_failsAndKeepsThatRoute}.
 *   <li>Sharing with the organization needs RAM sharing with AWS Organizations enabled ({@code
 *       OperationNotPermittedException}, CreateResourceShare), and external principals are refused
 *       ({@code allowExternalPrincipals=false}). {@code TransitGatewayShareIT}.
 * </ul>
 */
package io.provisioner.steps.network.transitgateway;
