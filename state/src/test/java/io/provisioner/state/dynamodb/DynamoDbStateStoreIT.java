package io.provisioner.state.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.state.MutableClock;
import io.provisioner.state.StateStore;
import io.provisioner.state.StateStoreContract;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The contract against DynamoDB (the emulator), plus what only the real store does: the table. */
@ExtendWith(EmulatorExtension.class)
class DynamoDbStateStoreIT extends StateStoreContract {
  private static final String TABLE = "provisioner-state-it-" + UUID.randomUUID().toString().substring(0, 8);
  private static final List<String> TABLES = new CopyOnWriteArrayList<>();
  private static final RecordingInterceptor CALLS = new RecordingInterceptor();
  private static List<String> firstEnsureReadyCalls;
  private static DynamoDbClient client;

  @BeforeAll
  static void createTable(Emulator emulator) {
    client = DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .endpointOverride(emulator.endpoint())
        .overrideConfiguration(c -> c.addExecutionInterceptor(CALLS))
        .build();
    TABLES.add(TABLE);
    DynamoDbStateStore.create(client, new DynamoDbStateStore.Options(TABLE, null), Clock.systemUTC()).ensureReady();
    firstEnsureReadyCalls = List.copyOf(CALLS.operations);
  }

  @AfterAll
  static void deleteTables() {
    if (client == null) {
      return;
    }
    for (String table : TABLES) {
      try {
        client.updateTable(r -> r.tableName(table).deletionProtectionEnabled(false));
        client.deleteTable(r -> r.tableName(table));
      } catch (ResourceNotFoundException e) {
        // never created: nothing to clean
      }
    }
    client.close();
  }

  @Override
  protected StateStore newStore(MutableClock clock) {
    return DynamoDbStateStore.create(client, new DynamoDbStateStore.Options(TABLE, null), clock);
  }

  @Test
  void ensureReady_createsTableOnDemand_encrypted_withPitrAndDeletionProtection() {
    TableDescription table = client.describeTable(r -> r.tableName(TABLE)).table();

    assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(table.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
    assertThat(table.sseDescription().sseType()).isEqualTo(SSEType.KMS);
    assertThat(table.deletionProtectionEnabled()).isTrue();
    assertThat(table.keySchema()).containsExactly(
        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
    assertThat(client.listTagsOfResource(r -> r.resourceArn(table.tableArn())).tags())
        .contains(Tag.builder().key("ManagedBy").value("provisioner").build());
    assertThat(pitr(TABLE)).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
  }

  @Test
  void ensureReady_onMissingTable_createsItAndWaitsForIt() {
    assertThat(firstEnsureReadyCalls).startsWith("DescribeTable", "CreateTable", "DescribeTable");
    assertThat(firstEnsureReadyCalls).containsOnlyOnce("CreateTable");
  }

  @Test
  void ensureReady_onReadyTable_onlyReads() {
    CALLS.operations.clear();

    store.ensureReady();

    assertThat(CALLS.operations).isNotEmpty().allMatch(op -> op.startsWith("Describe"));
  }

  @Test
  void ensureReady_onExistingTableWithoutPitrOrProtection_turnsThemOn() {
    String table = "provisioner-state-it-bare-" + UUID.randomUUID().toString().substring(0, 8);
    TABLES.add(table);
    client.createTable(r -> r.tableName(table)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));

    DynamoDbStateStore.create(client, new DynamoDbStateStore.Options(table, null), Clock.systemUTC()).ensureReady();

    assertThat(client.describeTable(r -> r.tableName(table)).table().deletionProtectionEnabled()).isTrue();
    assertThat(pitr(table)).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
  }

  private static PointInTimeRecoveryStatus pitr(String table) {
    return client.describeContinuousBackups(r -> r.tableName(table))
        .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
  }

  /** Records the name of every API operation the client calls. */
  private static final class RecordingInterceptor implements ExecutionInterceptor {
    final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }
}
