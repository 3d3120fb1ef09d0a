package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.Condition;
import software.amazon.awssdk.services.backup.model.ConditionParameter;
import software.amazon.awssdk.services.backup.model.ConditionType;
import software.amazon.awssdk.services.backup.model.Conditions;

class SelectionDocumentTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/provisioner/backup";
  private static final BackupSelectionSpec SPEC = new BackupSelectionSpec("backup", "true");

  private static BackupSelection desired() {
    return SelectionDocument.desired("provisioner-prod-tagged", ROLE, SPEC);
  }

  @Test
  void desired_selectsAllResourcesAndFiltersByTagWithConditions_notListOfTags() {
    BackupSelection selection = desired();

    assertThat(selection.selectionName()).isEqualTo("provisioner-prod-tagged");
    assertThat(selection.iamRoleArn()).isEqualTo(ROLE);
    assertThat(selection.resources()).containsExactly("*");
    assertThat(selection.hasListOfTags()).as("Resources OR ListOfTags would select everything").isFalse();
    assertThat(selection.conditions().stringEquals()).singleElement().satisfies(c -> {
      assertThat(c.conditionKey()).isEqualTo("aws:ResourceTag/backup");
      assertThat(c.conditionValue()).isEqualTo("true");
    });
  }

  @Test
  void differences_ofTheSelectionAsAwsReturnsIt_areNone() {
    BackupSelection returned = desired().toBuilder()
        .listOfTags(List.of())
        .notResources(List.of())
        .conditions(desired().conditions().toBuilder().stringLike(List.of()).stringNotEquals(List.of())
            .stringNotLike(List.of()).build())
        .build();

    assertThat(SelectionDocument.differences(desired(), returned)).isEmpty();
  }

  @Test
  void differences_nameRoleAndConditions() {
    BackupSelection other = desired().toBuilder()
        .iamRoleArn("arn:aws:iam::111122223333:role/other")
        .conditions(Conditions.builder().stringEquals(ConditionParameter.builder()
            .conditionKey("aws:ResourceTag/backup").conditionValue("false").build()).build())
        .listOfTags(Condition.builder().conditionType(ConditionType.STRINGEQUALS).conditionKey("backup")
            .conditionValue("true").build())
        .build();

    assertThat(SelectionDocument.differences(desired(), other)).containsExactlyInAnyOrder(
        "IAM role is arn:aws:iam::111122223333:role/other, expected " + ROLE,
        "conditions StringEquals is [aws:ResourceTag/backup=false], expected [aws:ResourceTag/backup=true]",
        "ListOfTags is [STRINGEQUALS backup=true], expected []");
  }

  @Test
  void canonical_changesWithTheDocument_soAReplacementGetsAnotherToken() {
    String original = SelectionDocument.View.of(desired()).canonical();
    String otherRole = SelectionDocument.View.of(SelectionDocument.desired("provisioner-prod-tagged",
        "arn:aws:iam::111122223333:role/other", SPEC)).canonical();

    assertThat(original).isEqualTo(SelectionDocument.View.of(desired()).canonical()).isNotEqualTo(otherRole);
  }
}
