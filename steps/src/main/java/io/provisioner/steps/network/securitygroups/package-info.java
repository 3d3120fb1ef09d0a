/**
 * Step {@code network.security-groups}: the ALB, ECS, RDS, Redis and VPC-endpoint security groups,
 * each rule a separate resource referencing groups instead of CIDRs where it can, and a stripped
 * default group. {@link io.provisioner.steps.network.securitygroups.SecurityGroupsStep} and {@link
 * io.provisioner.steps.network.securitygroups.SecurityGroupsSpec} are the public face; the rest is
 * package-private.
 *
 * <h2>AWS rules</h2>
 *
 * <ul>
 *   <li>A group name is unique in its VPC; CreateSecurityGroup answers {@code
 *       InvalidGroup.Duplicate} for a taken one (EC2 API reference, CreateSecurityGroup; "Error
 *       codes for the Amazon EC2 API"): a lost create is adopted by name. {@code
 *       SecurityGroupsLostResponseIT.create_whenCreateSecurityGroupResponsesAreLost_adoptsTheGroupsOnRetry}.
 *   <li>The group description cannot be changed after creation (CreateSecurityGroup,
 *       GroupDescription): it is not compared. {@code
 *       SecurityGroupsStepIT.create_whenAGroupWasMadeByHand_adoptsAndTagsIt}.
 *   <li>A new group of a VPC comes with an allow-all egress rule (Amazon VPC User Guide, "Security
 *       group rules"): it is revoked, egress is explicit. {@code
 *       SecurityGroupsStepIT.create_wiresGroupsByReference_andStripsTheDefaultGroup}.
 *   <li>AuthorizeSecurityGroupIngress/Egress tag the new rule ({@code security-group-rule}
 *       TagSpecifications) and answer {@code InvalidPermission.Duplicate} for an existing one:
 *       a lost authorize leaves one rule. {@code
 *       SecurityGroupsLostResponseIT.create_whenAuthorizeResponseIsLost_keepsExactlyOneRule}.
 *   <li>DeleteSecurityGroup answers {@code DependencyViolation} while a rule of another group
 *       references the group or a network interface uses it (DeleteSecurityGroup): rollback revokes
 *       the references first and retries within the eventual-consistency wait. The contract
 *       scenario's rollback in {@code SecurityGroupsStepIT}.
 * </ul>
 */
package io.provisioner.steps.network.securitygroups;
