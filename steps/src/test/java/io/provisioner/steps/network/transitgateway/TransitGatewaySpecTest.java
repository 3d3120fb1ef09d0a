package io.provisioner.steps.network.transitgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransitGatewaySpecTest {

  private static TransitGatewaySpec spec(long asn, String tier, List<String> cidrs, List<String> routeTiers) {
    return new TransitGatewaySpec("Production Transit Gateway", asn, true, true, true, true, tier, cidrs, routeTiers,
        false);
  }

  @Test
  void new_withSeedValuesAndNoLists_appliesTheDefaults() {
    TransitGatewaySpec spec = spec(64512, null, null, null);

    assertThat(spec.attachmentTier()).isEqualTo("app");
    assertThat(spec.routeCidrs()).containsExactly("10.0.0.0/8");
    assertThat(spec.routeTiers()).containsExactly("app", "data", "management");
  }

  @ParameterizedTest
  @ValueSource(longs = {64512, 65534, 4_200_000_000L, 4_294_967_294L})
  void new_withPrivateAsn_isAccepted(long asn) {
    assertThatCode(() -> spec(asn, null, null, null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 7224, 64511, 65535, 4_199_999_999L, 4_294_967_295L})
  void new_withAsnOutsideThePrivateRanges_namesTheFieldAndTheRanges(long asn) {
    assertThatThrownBy(() -> spec(asn, null, null, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("amazonSideAsn")
        .hasMessageContaining("64512 to 65534")
        .hasMessageContaining("4200000000 to 4294967294");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.1/8", "256.0.0.0/8", "10.0.0/8", "fd00::/8", " "})
  void new_withBadCidr_namesRouteCidrs(String cidr) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> spec(64512, null, List.of("172.16.0.0/12", cidr), null));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("routeCidrs");
    assertThat(e.getMessage()).contains(cidr);
  }

  @Test
  void new_withNullCidrEntry_reportsItInsteadOfFailing() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> spec(64512, null, Arrays.asList("10.0.0.0/8", null), null));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("routeCidrs");
  }

  @Test
  void new_withDuplicateCidr_isRejected() {
    assertThatThrownBy(() -> spec(64512, null, List.of("10.0.0.0/8", "10.0.0.0/8"), null))
        .hasMessageContaining("routeCidrs: lists a CIDR block twice");
  }

  @Test
  void new_withUnknownAttachmentTier_listsTheTiers() {
    assertThatThrownBy(() -> spec(64512, "private", null, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("attachmentTier: unknown tier 'private'")
        .hasMessageContaining("[public, app, data, management]");
  }

  @Test
  void new_withUnknownOrPublicRouteTier_isRejected() {
    assertThatThrownBy(() -> spec(64512, null, null, List.of("app", "public", "db")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("routeTiers: unknown route table tier(s) [public, db]");
  }

  @Test
  void new_withSeveralMistakes_reportsThemAllAtOnce() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new TransitGatewaySpec(" ", 1, true, true, true, true, "dmz", List.of("10/8"), List.of("web"), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("description", "amazonSideAsn", "attachmentTier", "routeCidrs", "routeTiers");
  }

  @Test
  void cidr_contains_comparesBlocks() {
    Cidr eight = Cidr.parse("10.0.0.0/8").orElseThrow();
    assertThat(eight.contains(Cidr.parse("10.20.0.0/16").orElseThrow())).isTrue();
    assertThat(Cidr.parse("10.20.0.0/16").orElseThrow().contains(eight)).isFalse();
    assertThat(eight.contains(Cidr.parse("172.16.0.0/12").orElseThrow())).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(eight)).isTrue();
  }

  @Test
  void step_dependsOnTheOrganizationOnlyWhenSharing() {
    assertThat(new TransitGatewayStep(spec(64512, null, null, null)).dependsOn()).containsExactly("network.vpc");
    assertThat(new TransitGatewayStep(new TransitGatewaySpec("d", 64512, true, true, true, true, null, null, null, true))
        .dependsOn()).containsExactlyInAnyOrder("network.vpc", "org.organization");
    assertThat(new TransitGatewayStep(spec(64512, null, null, null)).id()).isEqualTo("network.transit-gateway");
  }
}
