/**
 * Step {@code network.endpoints}: the S3 gateway endpoint and the interface endpoints of the VPC.
 * {@link io.provisioner.steps.network.endpoints.EndpointsStep} and {@link
 * io.provisioner.steps.network.endpoints.EndpointsSpec} are the public face; the rest is
 * package-private.
 */
package io.provisioner.steps.network.endpoints;
