package io.provisioner.steps.data.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.Condition;
import software.amazon.awssdk.services.backup.model.ConditionParameter;
import software.amazon.awssdk.services.backup.model.Conditions;

/**
 * The resource selection the spec asks for, and what differs between it and one AWS holds.
 *
 * <p>Resources are chosen by tag with {@code Resources = ["*"]} and {@code Conditions.StringEquals
 * aws:ResourceTag/<key> = <value>}, not with {@code ListOfTags}: AWS Backup combines {@code
 * Resources} and {@code ListOfTags} with OR, so {@code "*"} plus a {@code ListOfTags} condition
 * would back up every supported resource of the account, while {@code Resources} and {@code
 * Conditions} are combined with AND, which is exactly "every resource carrying the tag" (AWS
 * re:Post knowledge center "backup-assign-resources", examples 1 and 2; CloudFormation {@code
 * BackupSelectionResourceType.Conditions}).
 *
 * <p>Selections are compared semantically: list order does not matter, and an absent list equals
 * an empty one.
 */
final class SelectionDocument {
  static final String ALL_RESOURCES = "*";
  static final String TAG_CONDITION_PREFIX = "aws:ResourceTag/";

  private SelectionDocument() {}

  /** One selection in the canonical form selections are compared in. */
  record View(
      String name,
      String iamRoleArn,
      Set<String> resources,
      Set<String> notResources,
      Set<String> listOfTags,
      Set<String> stringEquals,
      Set<String> stringNotEquals,
      Set<String> stringLike,
      Set<String> stringNotLike) {

    static View of(BackupSelection s) {
      Conditions c = s.conditions();
      return new View(s.selectionName(), s.iamRoleArn(),
          new TreeSet<>(s.hasResources() ? s.resources() : List.of()),
          new TreeSet<>(s.hasNotResources() ? s.notResources() : List.of()),
          tags(s.hasListOfTags() ? s.listOfTags() : List.of()),
          params(c == null || !c.hasStringEquals() ? List.of() : c.stringEquals()),
          params(c == null || !c.hasStringNotEquals() ? List.of() : c.stringNotEquals()),
          params(c == null || !c.hasStringLike() ? List.of() : c.stringLike()),
          params(c == null || !c.hasStringNotLike() ? List.of() : c.stringNotLike()));
    }

    private static Set<String> tags(List<Condition> conditions) {
      Set<String> result = new TreeSet<>();
      conditions.forEach(t -> result.add(t.conditionTypeAsString() + " " + t.conditionKey() + "=" + t.conditionValue()));
      return result;
    }

    private static Set<String> params(List<ConditionParameter> parameters) {
      Set<String> result = new TreeSet<>();
      parameters.forEach(p -> result.add(p.conditionKey() + "=" + p.conditionValue()));
      return result;
    }

    /** A stable text of the whole selection, e.g. to derive an idempotency token from. */
    String canonical() {
      return String.join("|", name, iamRoleArn, resources.toString(), notResources.toString(), listOfTags.toString(),
          stringEquals.toString(), stringNotEquals.toString(), stringLike.toString(), stringNotLike.toString());
    }
  }

  /** Every resource tagged {@code tagKey = tagValue}, backed up with the role {@code iamRoleArn}. */
  static BackupSelection desired(String name, String iamRoleArn, BackupSelectionSpec spec) {
    return BackupSelection.builder()
        .selectionName(name)
        .iamRoleArn(iamRoleArn)
        .resources(ALL_RESOURCES)
        .conditions(Conditions.builder()
            .stringEquals(ConditionParameter.builder()
                .conditionKey(TAG_CONDITION_PREFIX + spec.tagKey())
                .conditionValue(spec.tagValue())
                .build())
            .build())
        .build();
  }

  /** What differs, in words; empty when the selections assign the same resources with the same role. */
  static List<String> differences(BackupSelection desired, BackupSelection actual) {
    View expected = View.of(desired);
    View found = View.of(actual);
    List<String> result = new ArrayList<>();
    field("selection name", expected.name(), found.name(), result);
    field("IAM role", expected.iamRoleArn(), found.iamRoleArn(), result);
    field("resources", expected.resources(), found.resources(), result);
    field("excluded resources (NotResources)", expected.notResources(), found.notResources(), result);
    field("ListOfTags", expected.listOfTags(), found.listOfTags(), result);
    field("conditions StringEquals", expected.stringEquals(), found.stringEquals(), result);
    field("conditions StringNotEquals", expected.stringNotEquals(), found.stringNotEquals(), result);
    field("conditions StringLike", expected.stringLike(), found.stringLike(), result);
    field("conditions StringNotLike", expected.stringNotLike(), found.stringNotLike(), result);
    return result;
  }

  private static void field(String what, Object expected, Object actual, List<String> result) {
    if (!Objects.equals(expected, actual)) {
      result.add(what + " is " + actual + ", expected " + expected);
    }
  }
}
