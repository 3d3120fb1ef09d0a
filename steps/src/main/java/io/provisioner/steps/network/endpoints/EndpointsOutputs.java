package io.provisioner.steps.network.endpoints;

import java.util.Map;

/**
 * What {@code network.endpoints} publishes: the id of each endpoint by its short service name
 * ({@code s3} for the gateway, {@code ecr.api}, {@code logs}... for the interface endpoints).
 */
public record EndpointsOutputs(Map<String, String> endpoints) {
  public EndpointsOutputs {
    endpoints = Map.copyOf(endpoints);
  }
}
