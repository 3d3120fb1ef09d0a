package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.support.PolicyJson;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

  @Test
  void databaseJson_holdsWhatTheRotationFunctionReads() {
    DatabaseSecretSpec spec = new DatabaseSecretSpec("app", "orders", 6432, "provisioner-prod-postgres", 32);

    JsonNode value = PolicyJson.parse(SecretValues.databaseJson(spec, "pw-123"));

    assertThat(value.path("engine").asText()).isEqualTo("postgres");
    assertThat(value.path("username").asText()).isEqualTo("app");
    assertThat(value.path("password").asText()).isEqualTo("pw-123");
    assertThat(value.path("dbname").asText()).isEqualTo("orders");
    assertThat(value.path("port").isInt()).as("port is a number").isTrue();
    assertThat(value.path("port").asInt()).isEqualTo(6432);
    assertThat(value.path("dbInstanceIdentifier").asText()).isEqualTo("provisioner-prod-postgres");
    assertThat(value.size()).isEqualTo(6);
  }

  @Test
  void exclusions_coverWhatPostgresAndElastiCacheRefuse() {
    assertThat(SecretValues.DATABASE_EXCLUDED.chars()).contains((int) '"', (int) '@', (int) '/', (int) '\\',
        (int) '\'', (int) ' ');
    assertThat(SecretValues.CACHE_EXCLUDED.chars()).contains((int) '"', (int) '/', (int) '@', (int) ' ');
    // what ElastiCache accepts in an AUTH token besides letters and digits must stay allowed, the rest excluded
    for (char c : "!&#$^<>-".toCharArray()) {
      assertThat(SecretValues.CACHE_EXCLUDED.indexOf(c)).as("allowed %s", c).isNegative();
    }
    for (char c = 33; c < 127; c++) {
      if (!Character.isLetterOrDigit(c) && "!&#$^<>-".indexOf(c) < 0) {
        assertThat(SecretValues.CACHE_EXCLUDED.indexOf(c)).as("excluded %s", c).isNotNegative();
      }
    }
  }
}
