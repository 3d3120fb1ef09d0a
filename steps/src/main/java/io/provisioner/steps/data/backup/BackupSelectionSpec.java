package io.provisioner.steps.data.backup;

import io.provisioner.steps.spec.SpecCheck;

/**
 * Which resources the environment's backup plan protects (seed 000 §AWS Backup: "aws_backup_selection
 * to include resources automatically"): every resource of the account and region that carries one
 * tag, so an RDS database or an EBS volume is backed up by tagging it, without touching the
 * profile. The selection is named {@code <project>-<env>-tagged} and uses the Backup service role
 * of {@code security.iam}.
 *
 * @param tagKey the tag key that opts a resource in, e.g. {@code backup}; 1-128 characters, not
 *     starting with {@code aws:}
 * @param tagValue the value the tag must have, e.g. {@code "true"} (quote it in YAML); 1-256
 *     characters, compared case-sensitively
 */
public record BackupSelectionSpec(String tagKey, String tagValue) {

  public BackupSelectionSpec {
    SpecCheck.of()
        .require(BackupSpec.validTagKey(tagKey), "tagKey",
            "must be a tag key of 1-128 characters that does not start with aws:, e.g. backup")
        .require(tagValue != null && !tagValue.isBlank() && tagValue.length() <= 256, "tagValue",
            "must be a tag value of 1-256 characters, e.g. \"true\"")
        .done();
  }
}
