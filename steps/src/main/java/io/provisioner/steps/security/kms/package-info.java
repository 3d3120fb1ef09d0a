/**
 * Step {@code security.kms}: the environment's customer-managed key, its alias, key policy and
 * rotation, in the primary region and (optionally) the DR region, written on the resource kernel
 * ({@link io.provisioner.steps.security.kms.RegionalKeyResource}, {@link
 * io.provisioner.steps.security.kms.AliasResource}). {@link io.provisioner.steps.security.kms.KmsStep},
 * {@link io.provisioner.steps.security.kms.KmsSpec} and {@link
 * io.provisioner.steps.security.kms.KmsOutputs} are the public face; the rest is package-private.
 *
 * <h2>AWS rules this step relies on</h2>
 *
 * <ul>
 *   <li>An alias name starts with {@code alias/}, has 1-256 characters of letters, digits, {@code
 *       /_-}, and must not start with {@code alias/aws/}, which is reserved for AWS managed keys
 *       (API reference "CreateAlias", AliasName). Test: {@code KmsSpecTest.new_withAliasWithoutPrefix_isRejected},
 *       {@code new_withReservedAwsAlias_saysItIsReserved}.
 *   <li>ScheduleKeyDeletion's PendingWindowInDays is 7-30 (API reference "ScheduleKeyDeletion");
 *       a key is never deleted at once. Test: {@code KmsSpecTest.new_withWindowOutOfRange_namesTheField}.
 *   <li>CancelKeyDeletion leaves the key Disabled: it must be enabled again with EnableKey (API
 *       reference "CancelKeyDeletion": "the KMS key state is Disabled"). Test: {@code
 *       KmsLostResponseIT.create_afterRollback_bringsTheSameKeyBack}.
 *   <li>A key policy must let the account's root use the key, or IAM policies cannot grant access
 *       to it and the key may become unmanageable (Developer Guide "Default key policy", "Allows
 *       access to the AWS account and enables IAM policies"). Test: {@code
 *       KmsKeyPolicyTest.of_givesTheAccountRootEveryKmsAction}.
 *   <li>CloudWatch Logs uses a regional service principal, {@code logs.<region>.amazonaws.com}
 *       (CloudWatch Logs User Guide "Encrypt log data in CloudWatch Logs using AWS KMS", step 2).
 *       Test: {@code KmsKeyPolicyTest.of_letsTheServicesUseTheKey_withLogsRegional}.
 *   <li>Services get CreateGrant only for AWS resources, with the condition {@code
 *       kms:GrantIsForAWSResource} (Developer Guide "AWS KMS condition keys"). Test: {@code
 *       KmsKeyPolicyTest.of_letsTheServicesCreateGrantsOnlyForAwsResources}.
 *   <li>Automatic rotation applies to symmetric encryption keys only (API reference
 *       "EnableKeyRotation"); the key is created as SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT.
 *   <li>The only key policy name is {@code default} (API reference "PutKeyPolicy", PolicyName).
 * </ul>
 */
package io.provisioner.steps.security.kms;
