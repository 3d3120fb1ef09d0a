package io.provisioner.orchestrator.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.provisioner.state.StepRecord;
import io.provisioner.steps.OutputRef;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outputs steps publish for each other: typed records kept in state as canonical JSON (sorted
 * keys), and the digest of what a step reads, which {@code up} compares to decide whether a
 * completed step must converge again because something upstream changed.
 */
final class PublishedOutputs {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PublishedOutputs() {}

  static String toJson(Record outputs) {
    try {
      return JSON.writeValueAsString(outputs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("outputs " + outputs.getClass().getSimpleName() + " cannot be serialized", e);
    }
  }

  static <T extends Record> T fromJson(OutputRef<T> ref, String json) {
    try {
      return JSON.readValue(json, ref.type());
    } catch (JsonProcessingException e) {
      throw new StepException("the outputs recorded for " + ref.stepId() + " do not read as "
          + ref.type().getSimpleName() + " (" + e.getOriginalMessage() + "); run 'up' so " + ref.stepId()
          + " publishes them again", e);
    }
  }

  /**
   * Digest of the outputs a step references, as currently published (no AWS call). Steps without
   * references have the digest of nothing, so adding one later counts as a change.
   */
  static String inputsDigest(Step step, Function<String, Optional<StepRecord>> records) {
    StringBuilder text = new StringBuilder();
    step.references().stream().map(OutputRef::stepId).distinct().sorted(Comparator.naturalOrder()).forEach(id ->
        text.append(id).append('=').append(records.apply(id).map(StepRecord::published).orElse("")).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
