package io.provisioner.steps.org.controltower;

import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Control Tower controls (guardrails) of seed 004 ("Pre-Built Guardrails") and the OUs they are
 * enabled on. Mandatory controls are enabled by Control Tower itself on every registered OU and
 * cannot be enabled or disabled through the API; list strongly recommended and elective ones.
 *
 * @param controls the controls, each with the OUs (names from {@code org.organization}) it is
 *     enabled on
 */
public record ControlTowerSpec(List<Control> controls) {

  /**
   * @param identifier a control name such as {@code AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS} (made
   *     into {@code arn:<partition>:controltower:<region>::control/<identifier>}) or a full control
   *     ARN (e.g. {@code arn:aws:controlcatalog:::control/...})
   * @param ous OU names the control is enabled on
   */
  public record Control(String identifier, List<String> ous) {
    public Control {
      ous = ous == null ? List.of() : List.copyOf(ous);
      SpecCheck.of()
          .require(identifier != null
                  && (identifier.matches("[A-Za-z0-9_-]{1,128}") || identifier.matches("arn:aws[a-z-]*:[a-z]+:.+")),
              "identifier", "must be a control name like AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS or a control ARN")
          .notEmpty(ous, "ous")
          .require(ous.stream().allMatch(o -> o != null && !o.isBlank()), "ous", "entries must not be blank")
          .require(new HashSet<>(ous).size() == ous.size(), "ous", "lists an OU twice")
          .done();
    }
  }

  public ControlTowerSpec {
    controls = controls == null ? List.of() : List.copyOf(controls);
    SpecCheck check = SpecCheck.of();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < controls.size(); i++) {
      Control c = controls.get(i);
      check.notNull(c, "controls[" + i + "]");
      if (c != null) {
        check.require(seen.add(c.identifier()), "controls[" + i + "].identifier",
            "'" + c.identifier() + "' is listed twice; list all its OUs once");
      }
    }
    check.done();
  }
}
