package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.testing.WireMockStepContext;
import java.util.List;
import java.util.Map;

/**
 * ElastiCache answers in the query protocol's XML, as the service sends them, for the WireMock
 * tests. {@link Group} describes a replication group; its defaults match the spec of {@link
 * ElastiCacheStepTest} in its environment ({@code wm} of project {@code provisioner}, whose group
 * and subnet group are {@value #ID}, with the upstream outputs below), so a test changes only what
 * it is about.
 */
final class CacheXml {
  static final String NS = "http://elasticache.amazonaws.com/doc/2015-02-02/";
  static final String ID = "provisioner-wm-redis";
  static final String ACCOUNT = WireMockStepContext.ACCOUNT;
  static final String GROUP_ARN = "arn:aws:elasticache:us-east-1:" + ACCOUNT + ":replicationgroup:" + ID;
  static final String SUBNET_GROUP_ARN = "arn:aws:elasticache:us-east-1:" + ACCOUNT + ":subnetgroup:" + ID;
  static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String SG = "sg-0123456789abcdef0";
  static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:provisioner/wm/cache-AbCdEf";
  static final Map<String, String> SUBNETS = Map.of("us-east-1a", "subnet-a", "us-east-1b", "subnet-b",
      "us-east-1c", "subnet-c");

  private CacheXml() {}

  /** A replication group as DescribeReplicationGroups reports it. */
  static final class Group {
    String status = "available";
    String description = "wm cache";
    String nodeType = "cache.t4g.small";
    int retention = 7;
    String snapshotWindow = "03:00-04:00";
    String failover = "enabled";
    String multiAz = "enabled";
    boolean transit = true;
    boolean atRest = true;
    boolean authToken = true;
    String kmsKeyId = KEY_ARN;
    int port = 6379;
    boolean reader = true;
    List<String> azs = List.of("us-east-1a", "us-east-1b", "us-east-1c");

    Group status(String value) {
      status = value;
      return this;
    }

    Group retention(int value) {
      retention = value;
      return this;
    }

    Group transit(boolean value) {
      transit = value;
      return this;
    }

    String xml() {
      StringBuilder members = new StringBuilder();
      StringBuilder ids = new StringBuilder();
      for (int i = 0; i < azs.size(); i++) {
        String member = ID + "-00" + (i + 1);
        ids.append("<ClusterId>").append(member).append("</ClusterId>");
        members.append("<NodeGroupMember><CacheClusterId>").append(member).append("</CacheClusterId>")
            .append("<CacheNodeId>0001</CacheNodeId><PreferredAvailabilityZone>").append(azs.get(i))
            .append("</PreferredAvailabilityZone><CurrentRole>").append(i == 0 ? "primary" : "replica")
            .append("</CurrentRole></NodeGroupMember>");
      }
      return "<ReplicationGroup><ReplicationGroupId>" + ID + "</ReplicationGroupId>"
          + "<Description>" + description + "</Description><Status>" + status + "</Status>"
          + "<MemberClusters>" + ids + "</MemberClusters>"
          + "<NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId><Status>" + status + "</Status>"
          + "<PrimaryEndpoint><Address>master." + ID + ".abc123.use1.cache.amazonaws.com</Address><Port>" + port
          + "</Port></PrimaryEndpoint>"
          + (reader ? "<ReaderEndpoint><Address>replica." + ID + ".abc123.use1.cache.amazonaws.com</Address><Port>"
              + port + "</Port></ReaderEndpoint>" : "")
          + "<NodeGroupMembers>" + members + "</NodeGroupMembers></NodeGroup></NodeGroups>"
          + "<AutomaticFailover>" + failover + "</AutomaticFailover><MultiAZ>" + multiAz + "</MultiAZ>"
          + "<SnapshotRetentionLimit>" + retention + "</SnapshotRetentionLimit>"
          + "<SnapshotWindow>" + snapshotWindow + "</SnapshotWindow><ClusterEnabled>false</ClusterEnabled>"
          + "<CacheNodeType>" + nodeType + "</CacheNodeType><AuthTokenEnabled>" + authToken + "</AuthTokenEnabled>"
          + "<TransitEncryptionEnabled>" + transit + "</TransitEncryptionEnabled>"
          + "<AtRestEncryptionEnabled>" + atRest + "</AtRestEncryptionEnabled>"
          + "<KmsKeyId>" + kmsKeyId + "</KmsKeyId><ARN>" + GROUP_ARN + "</ARN>"
          + "<Engine>redis</Engine></ReplicationGroup>";
    }
  }

  static String groups(Group group) {
    return response("DescribeReplicationGroups", "<ReplicationGroups>" + group.xml() + "</ReplicationGroups>");
  }

  /** The primary member cluster, matching the spec: engine 7.1, sun:05:00-sun:06:00, default.redis7, the SG. */
  static String primary() {
    return response("DescribeCacheClusters", "<CacheClusters><CacheCluster><CacheClusterId>" + ID
        + "-001</CacheClusterId><ReplicationGroupId>" + ID + "</ReplicationGroupId>"
        + "<CacheClusterStatus>available</CacheClusterStatus><Engine>redis</Engine><EngineVersion>7.1.0</EngineVersion>"
        + "<CacheNodeType>cache.t4g.small</CacheNodeType><PreferredAvailabilityZone>us-east-1a"
        + "</PreferredAvailabilityZone><PreferredMaintenanceWindow>sun:05:00-sun:06:00</PreferredMaintenanceWindow>"
        + "<CacheParameterGroup><CacheParameterGroupName>default.redis7</CacheParameterGroupName>"
        + "<ParameterApplyStatus>in-sync</ParameterApplyStatus></CacheParameterGroup>"
        + "<CacheSubnetGroupName>" + ID + "</CacheSubnetGroupName>"
        + "<SecurityGroups><member><SecurityGroupId>" + SG + "</SecurityGroupId>"
        + "<Status>active</Status></member></SecurityGroups></CacheCluster></CacheClusters>");
  }

  static String subnetGroup(String description, String... subnets) {
    StringBuilder list = new StringBuilder();
    for (String subnet : subnets) {
      list.append("<Subnet><SubnetIdentifier>").append(subnet).append("</SubnetIdentifier></Subnet>");
    }
    return "<CacheSubnetGroup><CacheSubnetGroupName>" + ID + "</CacheSubnetGroupName>"
        + "<CacheSubnetGroupDescription>" + description + "</CacheSubnetGroupDescription>"
        + "<VpcId>vpc-0abc</VpcId><Subnets>" + list + "</Subnets><ARN>" + SUBNET_GROUP_ARN
        + "</ARN></CacheSubnetGroup>";
  }

  static String subnetGroups(String description, String... subnets) {
    return response("DescribeCacheSubnetGroups", "<CacheSubnetGroups>" + subnetGroup(description, subnets)
        + "</CacheSubnetGroups>");
  }

  static String tags(Map<String, String> tags) {
    StringBuilder list = new StringBuilder();
    tags.forEach((k, v) -> list.append("<Tag><Key>").append(k).append("</Key><Value>").append(v).append("</Value></Tag>"));
    return response("ListTagsForResource", "<TagList>" + list + "</TagList>");
  }

  /** A success answer; {@code result} null for actions without a result element. */
  static String response(String action, String result) {
    return "<" + action + "Response xmlns=\"" + NS + "\">"
        + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
        + "<ResponseMetadata><RequestId>wm-1</RequestId></ResponseMetadata></" + action + "Response>";
  }

  static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
        + message + "</Message></Error><RequestId>wm-1</RequestId></ErrorResponse>";
  }
}
