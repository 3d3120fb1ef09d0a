package io.provisioner.orchestrator.aws;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.provisioner.orchestrator.config.Account;
import io.provisioner.orchestrator.config.Profile;
import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Target;
import io.provisioner.steps.aws.ClientFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One SDK client per (service, account, region), created on first use and shared by every step.
 * Accounts other than the caller's are reached by assuming the account's role (by default {@code
 * OrganizationAccountAccessRole}); the credentials are cached and refreshed by the SDK. Each client
 * carries a rate limiter of its own, so parallel steps on one service do not throttle each other,
 * and the interceptors given (the API call counter).
 */
public final class ClientRegistry implements AwsClients, AutoCloseable {
  private final Profile profile;
  private final AwsCredentialsProvider baseCredentials;
  private final URI endpoint;
  private final List<ExecutionInterceptor> interceptors;
  private final int maxAttempts;
  private final RateLimiterConfig rateLimit;
  private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
  private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
  private final Map<String, String> accountIds = new ConcurrentHashMap<>();
  private final java.util.function.Function<String, java.util.Optional<String>> createdAccounts;

  /**
   * @param endpoint emulator endpoint, or null for real AWS
   * @param requestsPerSecond calls per second allowed per client
   * @param createdAccounts id of an account the profile gives no id for, by logical name (the
   *     accounts the organization step created and recorded)
   */
  public ClientRegistry(Profile profile, AwsCredentialsProvider baseCredentials, URI endpoint,
      List<ExecutionInterceptor> interceptors, int maxAttempts, int requestsPerSecond,
      java.util.function.Function<String, java.util.Optional<String>> createdAccounts) {
    this.profile = profile;
    this.createdAccounts = createdAccounts;
    this.baseCredentials = baseCredentials;
    this.endpoint = endpoint;
    this.interceptors = List.copyOf(interceptors);
    this.maxAttempts = maxAttempts;
    this.rateLimit = RateLimiterConfig.custom()
        .limitForPeriod(requestsPerSecond)
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ofMinutes(2))
        .build();
  }

  @Override
  public <T extends SdkClient> T get(Class<T> type) {
    return get(type, new Target(profile.execution().defaultAccount(), profile.regions().primary()));
  }

  @Override
  public <T extends SdkClient> T get(Class<T> type, Target target) {
    String key = type.getName() + "|" + target.account() + "|" + target.region();
    return type.cast(clients.computeIfAbsent(key, k -> {
      List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
      all.add(new RateLimitInterceptor(RateLimiter.of(k, rateLimit)));
      return ClientFactory.build(type, target.region(),
          new ClientFactory.Settings(endpoint, credentialsFor(target.account()), all, maxAttempts));
    }));
  }

  /**
   * A client for provisioner's own bookkeeping (the state table): same credentials and endpoint,
   * but its calls are not counted as any step's API calls.
   */
  public <T extends SdkClient> T uncounted(Class<T> type, Target target) {
    String key = "uncounted|" + type.getName() + "|" + target.account() + "|" + target.region();
    return type.cast(clients.computeIfAbsent(key, k -> ClientFactory.build(type, target.region(),
        new ClientFactory.Settings(endpoint, credentialsFor(target.account()), List.of(), maxAttempts))));
  }

  @Override
  public String accountId(Target target) {
    return accountIds.computeIfAbsent(target.account(), name -> {
      Account account = account(name);
      if (!account.id().isEmpty()) {
        return account.id();
      }
      if (!account.role().isEmpty()) {
        return idOfCreatedAccount(name);
      }
      return get(StsClient.class, new Target(name, profile.regions().primary())).getCallerIdentity().account();
    });
  }

  /** The ARN of the caller's identity, for the run record. */
  public String callerArn() {
    return get(StsClient.class).getCallerIdentity().arn();
  }

  private AwsCredentialsProvider credentialsFor(String accountName) {
    return credentials.computeIfAbsent(accountName, name -> {
      Account account = account(name);
      if (account.role().isEmpty()) {
        return baseCredentials;
      }
      String id = account.id().isEmpty() ? idOfCreatedAccount(name) : account.id();
      StsClient sts = ClientFactory.build(StsClient.class, profile.regions().primary(),
          new ClientFactory.Settings(endpoint, baseCredentials, List.of(), maxAttempts));
      String roleArn = "arn:" + partition(profile.regions().primary()) + ":iam::" + id + ":role/"
          + account.role();
      AwsCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(sts)
          .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("provisioner-" + profile.name()))
          .asyncCredentialUpdateEnabled(false)
          .build();
      io.provisioner.steps.Waits waits = new io.provisioner.steps.Waits(
          java.time.Duration.ofSeconds(profile.execution().eventualConsistencySeconds()),
          java.time.Duration.ofSeconds(profile.execution().resourceReadySeconds()),
          java.time.Duration.ofSeconds(profile.execution().pollSeconds()));
      return new NewAccountCredentials(assumed, waits, "assume " + roleArn);
    });
  }

  private String idOfCreatedAccount(String name) {
    return createdAccounts.apply(name).orElseThrow(() -> new IllegalStateException("account '" + name
        + "' has no id yet: the profile gives none and the organization step has not recorded one; "
        + "set accounts." + name + ".id or let org.organization create it first"));
  }

  private Account account(String name) {
    Account account = profile.accounts().get(name);
    if (account == null) {
      throw new IllegalArgumentException("unknown account '" + name + "'; the profile defines "
          + String.join(", ", profile.accounts().keySet()));
    }
    return account;
  }

  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    credentials.values().forEach(c -> {
      if (c instanceof AutoCloseable closeable && c != baseCredentials) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing cached credentials cannot fail the run
        }
      }
    });
  }
}
