package io.provisioner.steps.org.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import io.provisioner.steps.org.organization.OrganizationSpec.Unit;
import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrganizationSpecTest {

  private static InvalidSpecException invalid(List<Unit> units, List<Member> accounts, List<String> services) {
    try {
      new OrganizationSpec("ALL", units, accounts, services);
    } catch (InvalidSpecException e) {
      return e;
    }
    throw new AssertionError("expected the spec to be rejected");
  }

  @Test
  void spec_withSeedTree_isValid_andDefaultsRoleAndFeatureSet() {
    OrganizationSpec spec = new OrganizationSpec(null,
        List.of(new Unit("Security", null), new Unit("Production", "Root")),
        List.of(new Member("prod", "aws-prod@example.com", "Production", null)),
        List.of("guardduty.amazonaws.com"));

    assertThat(spec.featureSet()).isEqualTo("ALL");
    assertThat(spec.units().get(0).parent()).isEqualTo("Root");
    assertThat(spec.accounts().get(0).roleName()).isEqualTo("OrganizationAccountAccessRole");
  }

  @Test
  void spec_whenParentsFormACycle_namesTheCycle() {
    InvalidSpecException e = invalid(
        List.of(new Unit("A", "C"), new Unit("B", "A"), new Unit("C", "B"), new Unit("D", "Root")),
        List.of(), List.of());

    assertThat(e.problems()).extracting(Object::toString)
        .containsExactly("units: the parents form a cycle: A -> C -> B -> A");
  }

  @Test
  void spec_whenUnitIsItsOwnParent_isACycle() {
    assertThat(invalid(List.of(new Unit("A", "A")), List.of(), List.of()).getMessage()).contains("cycle: A -> A");
  }

  @Test
  void spec_whenAccountNamesUnknownOu_orParentUnknown_saysWhich() {
    InvalidSpecException e = invalid(
        List.of(new Unit("Workloads", "Root"), new Unit("Sandbox", "Nowhere")),
        List.of(new Member("dev", "aws-dev@example.com", "Development", null)), List.of());

    assertThat(e.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
        "units[1].parent: 'Nowhere' is neither Root nor a unit of this spec",
        "accounts[0].ou: 'Development' is not a unit of this spec");
  }

  @Test
  void spec_whenEmailsRepeat_ignoringCase_rejectsTheSecond() {
    InvalidSpecException e = invalid(List.of(new Unit("Production", "Root")), List.of(
        new Member("prod", "aws-prod@example.com", "Production", null),
        new Member("prod-2", "AWS-Prod@example.com", "Production", null)), List.of());

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("accounts[1].email");
  }

  @Test
  void spec_reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> new OrganizationSpec("CONSOLIDATED_BILLING",
        List.of(new Unit("X", "Root"), new Unit("X", "Root")),
        List.of(new Member("a", "a@example.com", "X", null), new Member("a", "b@example.com", "X", null)),
        List.of("not-a-principal", "ram.amazonaws.com", "ram.amazonaws.com")))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(InvalidSpecException.Problem::field)
            .containsExactlyInAnyOrder("featureSet", "units[1].name", "accounts[1].name", "trustedServices[0]",
                "trustedServices[2]"));
  }

  @Test
  void member_withoutValidEmail_isRejected() {
    assertThatThrownBy(() -> new Member("dev", "not-an-email", "Development", null))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("email");
  }

  @Test
  void unitsParentFirst_placesEachUnitAfterItsParent() {
    OrganizationSpec spec = new OrganizationSpec("ALL", List.of(
        new Unit("Sandbox", "Workloads"), new Unit("Team", "Sandbox"), new Unit("Workloads", "Root"),
        new Unit("Security", "Root")), List.of(), List.of());

    assertThat(spec.unitsParentFirst()).extracting(Unit::name)
        .containsExactly("Workloads", "Security", "Sandbox", "Team");
  }
}
