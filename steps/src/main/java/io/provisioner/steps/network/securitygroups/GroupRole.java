package io.provisioner.steps.network.securitygroups;

/**
 * The groups of the environment, in creation order. {@link #key()} is the logical key (tag {@code
 * provisioner:key}, the key of {@link SecurityGroupsOutputs}, name suffix); rollback deletes in
 * reverse order.
 */
enum GroupRole {
  ALB("alb", "load balancer: HTTP/HTTPS from the allowed CIDRs, out to the ECS tasks only"),
  ECS("ecs", "ECS tasks: app port from the load balancer; out HTTPS, database and cache"),
  RDS("rds", "RDS PostgreSQL: database port from the ECS tasks only"),
  REDIS("redis", "ElastiCache Redis: cache port from the ECS tasks only"),
  ENDPOINTS("endpoints", "VPC interface endpoints: HTTPS from inside the VPC");

  private final String key;
  private final String purpose;

  GroupRole(String key, String purpose) {
    this.key = key;
    this.purpose = purpose;
  }

  String key() {
    return key;
  }

  /** The checkpoint holding the group id, e.g. {@code sg.alb} (the name environments already have). */
  String checkpoint() {
    return "sg." + key;
  }

  /** The group name, e.g. {@code provisioner-prod-alb}. */
  String groupName(String project, String env) {
    return project + "-" + env + "-" + key;
  }

  /** The GroupDescription, which EC2 cannot change after creation. */
  String description(String project, String env) {
    return project + " " + env + " " + purpose;
  }
}
