/**
 * Step {@code network.transit-gateway}: the transit gateway of the hub-and-spoke network, its RAM
 * share with the organization, the spoke VPC's attachment and the routes to it. {@link
 * io.provisioner.steps.network.transitgateway.TransitGatewayStep} and {@link
 * io.provisioner.steps.network.transitgateway.TransitGatewaySpec} are the public face; the rest is
 * package-private.
 */
package io.provisioner.steps.network.transitgateway;
