package io.provisioner.orchestrator.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a spec's canonical JSON (sorted keys), so equal specs always hash alike. */
public final class SpecHasher {
  private final ObjectMapper json = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  public String hash(Record spec) {
    try {
      byte[] bytes = json.writeValueAsBytes(spec);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("spec " + spec.getClass().getSimpleName() + " cannot be serialized", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The canonical JSON itself, for diagnostics. */
  public String canonical(Record spec) {
    try {
      return json.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
