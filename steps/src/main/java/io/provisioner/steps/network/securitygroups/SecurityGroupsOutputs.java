package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.StepException;
import java.util.Map;

/**
 * What {@code network.security-groups} publishes: the id of each group by its role ({@code alb},
 * {@code ecs}, {@code rds}, {@code redis}, {@code endpoints}).
 */
public record SecurityGroupsOutputs(Map<String, String> groups) {
  public static final String ALB = "alb";
  public static final String ECS = "ecs";
  public static final String RDS = "rds";
  public static final String REDIS = "redis";
  public static final String ENDPOINTS = "endpoints";

  public SecurityGroupsOutputs {
    groups = Map.copyOf(groups);
  }

  public String group(String role) {
    String id = groups.get(role);
    if (id == null) {
      throw new StepException("network.security-groups has published no " + role + " group; it has " + groups.keySet());
    }
    return id;
  }
}
