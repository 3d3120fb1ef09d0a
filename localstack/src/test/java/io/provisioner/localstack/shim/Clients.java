package io.provisioner.localstack.shim;

import io.provisioner.localstack.Emulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** SDK v2 clients pointed at the test emulator. */
final class Clients {
  private Clients() {}

  static <B extends AwsClientBuilder<B, C>, C> C of(B builder, Emulator emulator) {
    return builder.endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }
}
