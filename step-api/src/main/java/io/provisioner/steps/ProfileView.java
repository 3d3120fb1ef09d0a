package io.provisioner.steps;

import java.util.Map;
import java.util.Optional;

/** What a step's cross-section checks may read of the whole profile. */
public interface ProfileView {

  /** The environment name. */
  String name();

  String primaryRegion();

  String drRegion();

  /** The logical accounts of the profile. */
  Map<String, AccountInfo> accounts();

  /** The bound spec of another step's section, when the profile has that section. */
  <T extends Record> Optional<T> spec(Class<T> specType);

  /** The profile path of the section that binds to {@code specType}, for messages. */
  String sectionOf(Class<? extends Record> specType);

  /**
   * @param hasId the profile gives the account's 12-digit id
   * @param reachedByRole steps reach it by assuming a role (a member account)
   */
  record AccountInfo(boolean hasId, boolean reachedByRole) {}
}
