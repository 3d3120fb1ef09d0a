/**
 * Step {@code data.elasticache}: the environment's Redis replication group and its cache subnet
 * group. {@link io.provisioner.steps.data.elasticache.ElastiCacheStep} and {@link
 * io.provisioner.steps.data.elasticache.ElastiCacheSpec} are the public face; the rest is
 * package-private: {@code DesiredGroup} (the group the spec and upstream outputs describe), {@code
 * GroupDrift} (what differs and what ModifyReplicationGroup can fix), {@code RedisGroup} and {@code
 * DataSubnetGroup} (the AWS calls), {@code AuthToken} (the token, kept out of every log, checkpoint
 * and message), {@code Windows} and {@code EngineVersion} (spec values).
 */
package io.provisioner.steps.data.elasticache;
