/**
 * Step {@code storage.s3}: the environment's application buckets and their access-log bucket, each
 * versioned, encrypted, private, TLS-only, tagged and with its lifecycle. {@link
 * io.provisioner.steps.storage.s3.S3Step}, {@link io.provisioner.steps.storage.s3.S3Spec} and
 * {@link io.provisioner.steps.storage.s3.S3Outputs} are the public face; the rest is
 * package-private: the bucket as a kernel resource ({@link
 * io.provisioner.steps.storage.s3.BucketResource}), one class per bucket setting, naming and
 * removal.
 *
 * <h2>AWS rules this step relies on</h2>
 *
 * <ul>
 *   <li>Bucket names are global, 3-63 characters of lowercase letters, digits, {@code .} and
 *       {@code -} (S3 User Guide "Bucket naming rules"); the account and region in the name keep it
 *       unique. Test: {@code S3BucketNameTest.of_atExactly63Characters_isAccepted},
 *       {@code of_over63Characters_namesTheFieldAndHowMuchToCut}.
 *   <li>{@code BucketAlreadyExists} means another account owns the name and is never adopted;
 *       {@code BucketAlreadyOwnedByYou} is ours (API reference "CreateBucket", errors). Test:
 *       {@code S3ErrorCodesTest.bucketAlreadyExists_belongsToAnotherAccount_andIsNeverAdoptable}.
 *   <li>Server access logs can be delivered only to a bucket whose default encryption is SSE-S3,
 *       not SSE-KMS (S3 User Guide "Enabling Amazon S3 server access logging"), so the log bucket
 *       uses AES256. Test: {@code
 *       S3BucketSettingsTest.s3ManagedEncryption_acceptsOnlyAes256}.
 *   <li>With BucketOwnerEnforced, access logs are delivered through a bucket policy for the
 *       {@code logging.s3.amazonaws.com} principal, limited by {@code aws:SourceAccount} (S3 User
 *       Guide "Permissions for log delivery"). Test: {@code
 *       S3BucketPolicyTest.accessLogTarget_letsTheLoggingServiceWriteForThisAccountOnly_andDeniesInsecureTransport}.
 *   <li>TLS-only access is a Deny on {@code aws:SecureTransport = false} for the bucket and its
 *       objects (S3 User Guide "Bucket policy examples"). Test: {@code
 *       S3BucketPolicyTest.tlsOnly_deniesEveryRequestWithoutTls_onBucketAndObjects}.
 *   <li>A bucket must be empty, every version and delete marker included, before DeleteBucket
 *       (API reference "DeleteBucket"); that is data, so it needs {@code --delete-data}. Test:
 *       {@code S3RollbackIT.rollback_whenABucketHoldsObjects_withoutDeleteData_deletesNothingAndNamesEachNonEmptyBucket}.
 * </ul>
 */
package io.provisioner.steps.storage.s3;
