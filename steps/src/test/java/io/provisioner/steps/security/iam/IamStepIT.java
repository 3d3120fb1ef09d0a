package io.provisioner.steps.security.iam;

import io.provisioner.steps.Step;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

class IamStepIT extends StepContractScenario {

  /** The inline policy replaced behind the step's back: ecs-task may now read every bucket. */
  private static final String WIDER_ECS_TASK_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{"
      + "\"Sid\":\"Everything\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

  @Override
  protected Step step() {
    return new IamStep(IamSpecs.forEmulator(harness.client(IamClient.class)));
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    harness.client(IamClient.class).putRolePolicy(r -> r
        .roleName(prefix(harness) + "ecs-task").policyName("ecs-task").policyDocument(WIDER_ECS_TASK_POLICY));
  }

  @Override
  protected String expectedDriftFragment() {
    return "role provisioner-" + harness.env() + "-ecs-task: inline policy ecs-task differs";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return leftoversOf(harness);
  }

  static List<String> leftoversOf(TestHarness harness) {
    IamClient iam = harness.client(IamClient.class);
    String prefix = prefix(harness);
    List<String> found = new ArrayList<>();
    iam.listRolesPaginator(r -> r.pathPrefix("/")).roles().stream()
        .filter(r -> r.roleName().startsWith(prefix)).forEach(r -> found.add("role " + r.roleName()));
    iam.listInstanceProfilesPaginator(r -> r.pathPrefix("/")).instanceProfiles().stream()
        .filter(p -> p.instanceProfileName().startsWith(prefix))
        .forEach(p -> found.add("instance profile " + p.instanceProfileName()));
    iam.listGroupsPaginator(r -> r.pathPrefix("/")).groups().stream()
        .filter(g -> g.groupName().startsWith(prefix)).forEach(g -> found.add("group " + g.groupName()));
    iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream()
        .filter(p -> p.policyName().startsWith(prefix)).forEach(p -> found.add("policy " + p.policyName()));
    return found;
  }

  static String prefix(TestHarness harness) {
    return "provisioner-" + harness.env() + "-";
  }
}
