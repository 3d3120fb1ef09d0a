package io.provisioner.steps.data.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The values of new secrets, each with a password Secrets Manager generates ({@code
 * GetRandomPassword}). Called only when a secret is created, never to converge or check one. The
 * values live in local variables on their way to {@code CreateSecret} and nowhere else: no field,
 * log line, checkpoint or exception message ever holds them.
 */
final class SecretValues {
  /** Not in a PostgreSQL password: quotes and backslash (SQL, connection strings), / and @ (URLs), space. */
  static final String DATABASE_EXCLUDED = "\"@/\\' ";
  /**
   * Not in an ElastiCache AUTH token, which allows only letters, digits and {@code ! & # $ ^ < > -}
   * (CreateReplicationGroup, AuthToken): every other printable ASCII punctuation character, and space.
   */
  static final String CACHE_EXCLUDED = "\"%'()*+,./:;=?@[\\]_`{|}~ ";

  private SecretValues() {}

  /** The database secret: a generated password in the JSON the rotation function reads. */
  static Supplier<String> database(SecretsManagerClient secrets, DatabaseSecretSpec spec) {
    return () -> databaseJson(spec, generate(secrets, spec.passwordLength(), DATABASE_EXCLUDED));
  }

  /** The cache secret: the bare generated token. */
  static Supplier<String> cacheToken(SecretsManagerClient secrets, CacheTokenSpec spec) {
    return () -> generate(secrets, spec.length(), CACHE_EXCLUDED);
  }

  /** {@code {"engine":"postgres","username",...,"password",...}} as SecretString. */
  static String databaseJson(DatabaseSecretSpec spec, String password) {
    ObjectNode value = PolicyJson.MAPPER.createObjectNode();
    value.put("engine", "postgres");
    value.put("username", spec.username());
    value.put("password", password);
    value.put("dbname", spec.dbname());
    value.put("port", spec.port());
    value.put("dbInstanceIdentifier", spec.dbInstanceIdentifier());
    return PolicyJson.write(value);
  }

  private static String generate(SecretsManagerClient secrets, int length, String excluded) {
    return secrets.getRandomPassword(b -> b
            .passwordLength((long) length)
            .excludeCharacters(excluded)
            .includeSpace(false)
            .requireEachIncludedType(true))
        .randomPassword();
  }
}
