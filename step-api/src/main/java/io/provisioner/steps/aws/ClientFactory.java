package io.provisioner.steps.aws;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;

/**
 * Builds any synchronous SDK v2 client ({@code KmsClient}, {@code Ec2Client}, ...) from its static
 * {@code builder()}, with the region, credentials, interceptors and (for an emulator) endpoint of
 * a {@link Settings}. S3 clients get path-style addressing when an endpoint is overridden.
 */
public final class ClientFactory {

  /**
   * @param endpoint endpoint override (an emulator), or null for the real service
   * @param credentials credentials provider for the target account
   * @param interceptors e.g. the {@link ApiCallCounter}
   * @param maxAttempts SDK attempts per call for transient errors (throttling, 5xx)
   */
  public record Settings(
      URI endpoint, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors, int maxAttempts) {
    public Settings {
      Objects.requireNonNull(credentials, "credentials");
      interceptors = List.copyOf(interceptors);
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }
  }

  private ClientFactory() {}

  public static <T extends SdkClient> T build(Class<T> type, String region, Settings settings) {
    AwsClientBuilder<?, ?> builder = builderOf(type);
    builder.region(Region.of(region));
    builder.credentialsProvider(settings.credentials());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
      invokeIfPresent(builder, "forcePathStyle", Boolean.class, Boolean.TRUE);
    }
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .retryStrategy(b -> b.maxAttempts(settings.maxAttempts()));
    settings.interceptors().forEach(override::addExecutionInterceptor);
    builder.overrideConfiguration(override.build());
    Object client = builder.build();
    return type.cast(client);
  }

  /** The default retry mode of our clients: the SDK's standard mode, which retries throttling and 5xx. */
  public static RetryMode retryMode() {
    return RetryMode.STANDARD;
  }

  private static AwsClientBuilder<?, ?> builderOf(Class<?> type) {
    try {
      Method method = type.getMethod("builder");
      return (AwsClientBuilder<?, ?>) method.invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
      throw new IllegalArgumentException(type.getName() + " is not an AWS SDK v2 client interface", e);
    }
  }

  private static void invokeIfPresent(Object target, String name, Class<?> parameter, Object value) {
    try {
      Method method = target.getClass().getMethod(name, parameter);
      method.setAccessible(true);
      method.invoke(target, value);
    } catch (NoSuchMethodException e) {
      // not this kind of client
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("could not set " + name + " on " + target.getClass().getName(), e);
    }
  }
}
