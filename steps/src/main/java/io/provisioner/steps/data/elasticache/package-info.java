/**
 * Step {@code data.elasticache}: the environment's Redis replication group and its cache subnet
 * group, on the resource kernel. {@link io.provisioner.steps.data.elasticache.ElastiCacheStep},
 * {@link io.provisioner.steps.data.elasticache.ElastiCacheSpec} and {@link
 * io.provisioner.steps.data.elasticache.ElastiCacheOutputs} are the public face; the rest is
 * package-private: {@code SubnetGroupResource} and {@code ReplicationGroupResource} (the two
 * resources), {@code GroupSettings} (every attribute of the group, compared in one place), {@code
 * DesiredGroup} (the group the spec and upstream outputs describe), {@code AuthToken} (the token,
 * kept out of every log, checkpoint and message), {@code Windows} and {@code EngineVersion} (spec
 * values).
 */
package io.provisioner.steps.data.elasticache;
