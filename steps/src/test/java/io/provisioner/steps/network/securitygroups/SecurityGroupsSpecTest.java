package io.provisioner.steps.network.securitygroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityGroupsSpecTest {

  @Test
  void new_withNullCidrs_opensTheAlbToTheInternet() {
    assertThat(new SecurityGroupsSpec(8080, null, 5432, 6379).albIngressCidrs()).containsExactly("0.0.0.0/0");
  }

  @Test
  void new_withIpv4AndIpv6Cidrs_keepsThem() {
    SecurityGroupsSpec spec = new SecurityGroupsSpec(3000, List.of("203.0.113.0/24", "::/0", "2001:db8::/32"), 5432, 6379);

    assertThat(spec.albIngressCidrs()).containsExactly("203.0.113.0/24", "::/0", "2001:db8::/32");
  }

  @Test
  void new_withPortOutOfRange_namesTheField() {
    assertThatThrownBy(() -> new SecurityGroupsSpec(0, null, 5432, 6379))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("appPort")
        .hasMessageContaining("1 to 65535");
  }

  @Test
  void new_withSeveralMistakes_reportsThemAllAtOnce() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new SecurityGroupsSpec(70000, List.of("0.0.0.0/0", "10.0.0.0/33", "0.0.0.0/0"), -1, 65536));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactlyInAnyOrder(
        "appPort", "databasePort", "cachePort", "albIngressCidrs", "albIngressCidrs");
  }

  @Test
  void new_withEmptyCidrList_isRejected() {
    assertThatThrownBy(() -> new SecurityGroupsSpec(8080, List.of(), 5432, 6379))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("albIngressCidrs");
  }

  @Test
  void new_withHostnameInsteadOfCidr_isRejected() {
    assertThatThrownBy(() -> new SecurityGroupsSpec(8080, List.of("example.com"), 5432, 6379))
        .hasMessageContaining("CIDR block");
  }
}
