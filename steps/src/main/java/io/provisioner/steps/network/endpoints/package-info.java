/**
 * Step {@code network.endpoints}: the S3 gateway endpoint and the interface endpoints of the VPC.
 * {@link io.provisioner.steps.network.endpoints.EndpointsStep} and {@link
 * io.provisioner.steps.network.endpoints.EndpointsSpec} are the public face; the rest is
 * package-private.
 *
 * <h2>AWS rules</h2>
 *
 * <ul>
 *   <li>DescribeVpcEndpoints answers states in lower case ({@code pending}, {@code available},
 *       {@code deleting}, {@code deleted}, {@code failed}...), not as the SDK's {@code State}
 *       constants spell them (EC2 API reference, VpcEndpoint): states are compared as lower-case
 *       text. {@code EndpointSettingsTest}.
 *   <li>An interface endpoint takes one subnet per Availability Zone (CreateVpcEndpoint, SubnetId):
 *       a move to another tier swaps each subnet in the same ModifyVpcEndpoint call. {@code
 *       EndpointSettingsTest.ids_missingAndExtra_changeInOneCall}, {@code
 *       EndpointsStepIT.create_whenTheSpecDropsAServiceAndMovesTier_convergesInPlace}.
 *   <li>A client token returns the first endpoint made with it, and {@code
 *       IdempotentParameterMismatch} when reused with other parameters (EC2 API reference,
 *       "Ensuring idempotency"): a token that names a deleted endpoint or other settings is
 *       replaced. The emulator ignores tokens; adoption by tags is what {@code
 *       EndpointsLostResponseIT} checks.
 *   <li>DeleteVpcEndpoints reports a failure per endpoint in {@code Unsuccessful} instead of
 *       failing (DeleteVpcEndpoints): each is checked. The contract scenario's rollback.
 *   <li>Private DNS needs the VPC attributes {@code enableDnsSupport} and {@code
 *       enableDnsHostnames} (CreateVpcEndpoint, PrivateDnsEnabled): network.vpc's concern.
 * </ul>
 */
package io.provisioner.steps.network.endpoints;
