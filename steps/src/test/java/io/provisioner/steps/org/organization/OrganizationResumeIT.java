package io.provisioner.steps.org.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import io.provisioner.steps.org.organization.OrganizationSpec.Unit;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** A lost CreateAccount response, or a run that died while an account was being created, never makes a twin. */
@ExtendWith(EmulatorExtension.class)
class OrganizationResumeIT {

  private TestHarness harness;
  private OrganizationStep step;
  private String name;
  private String email;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    name = "dev-" + harness.env();
    email = OrgTestSupport.email(harness, "dev");
    String unit = OrgTestSupport.unit(harness, "Development");
    step = new OrganizationStep(new OrganizationSpec("ALL", List.of(new Unit(unit, "Root")),
        List.of(new Member(name, email, unit, null)), List.of()));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateAccountResponseIsLost_adoptsTheAccountOnTheNextRun() {
    harness.dropper().dropNext("CreateAccount", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create account " + name + " <" + email + "> failed");
    assertThat(harness.dropper().droppedCount("CreateAccount")).isEqualTo(1);
    assertThat(harness.checkpointsOf(OrganizationStep.ID))
        .containsKey("intent:account." + name)
        .doesNotContainKeys("account." + name, "createAccountRequest." + name);

    harness.create(step);

    assertThat(OrgTestSupport.accountsWithEmail(harness, email)).hasSize(1);
    String accountId = OrgTestSupport.accountsWithEmail(harness, email).get(0).id();
    assertThat(harness.checkpointsOf(OrganizationStep.ID))
        .containsEntry("account." + name, accountId)
        .doesNotContainKey("intent:account." + name);
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateAccountRequestIsRecorded_pollsItInsteadOfCreatingAnother() {
    // a run that died after CreateAccount returned: the request id is all it recorded. The account
    // behind it has another email, so finding it by email is impossible: only polling finds it.
    String otherEmail = OrgTestSupport.email(harness, "dev-by-request");
    String requestId = harness.client(OrganizationsClient.class)
        .createAccount(r -> r.email(otherEmail).accountName(name)).createAccountStatus().id();
    harness.context(step).checkpoints().put("createAccountRequest." + name, requestId);

    harness.create(step);

    String polled = OrgTestSupport.accountsWithEmail(harness, otherEmail).get(0).id();
    assertThat(harness.checkpointsOf(OrganizationStep.ID))
        .containsEntry("account." + name, polled)
        .doesNotContainKey("createAccountRequest." + name);
    assertThat(OrgTestSupport.accountsWithEmail(harness, email)).as("no account was created").isEmpty();
    assertThat(OrgTestSupport.accountsWithEmail(harness, otherEmail)).hasSize(1);
  }
}
