package io.provisioner.state.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DynamoDbStateStoreOptionsTest {
  @Test
  void options_withValidNameAndNoKey_useTheAwsManagedKey() {
    DynamoDbStateStore.Options options = new DynamoDbStateStore.Options("provisioner-state", null);

    assertThat(options.kmsKeyArn()).isNull();
    assertThat(DynamoDbStateStore.Options.defaults().tableName()).isEqualTo("provisioner-state");
  }

  @Test
  void options_withInvalidTableName_areRejected() {
    assertThatThrownBy(() -> new DynamoDbStateStore.Options(null, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new DynamoDbStateStore.Options("ab", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ab'");
    assertThatThrownBy(() -> new DynamoDbStateStore.Options("has space", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void options_withKeyThatIsNotAnArn_areRejected() {
    assertThatThrownBy(() -> new DynamoDbStateStore.Options("provisioner-state", "alias/mine"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ARN");
    assertThat(new DynamoDbStateStore.Options("provisioner-state",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab").kmsKeyArn()).startsWith("arn:");
  }

  @Test
  void create_withoutClient_isRejected() {
    assertThatThrownBy(() -> DynamoDbStateStore.create(null, DynamoDbStateStore.Options.defaults(),
        java.time.Clock.systemUTC())).isInstanceOf(NullPointerException.class).hasMessageContaining("client");
  }
}
