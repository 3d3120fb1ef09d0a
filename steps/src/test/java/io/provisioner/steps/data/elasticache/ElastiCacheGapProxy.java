package io.provisioner.steps.data.elasticache;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.provisioner.localstack.Emulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-side proxy in front of moto_server 5.2.1 that fills, for ElastiCache only, the gaps the
 * step's integration tests would otherwise trip over, with what AWS does. Everything else (KMS,
 * EC2, Secrets Manager, STS and the ElastiCache calls moto implements) passes through untouched.
 * The product code is the same as against AWS; each gap is named here and in the report:
 *
 * <ol>
 *   <li><b>NumCacheClusters is ignored</b>: moto builds a cluster-mode-disabled group with one node
 *       unless ReplicasPerNodeGroup is given. CreateReplicationGroup is handed to moto with
 *       {@code ReplicasPerNodeGroup = NumCacheClusters - 1} added (the same group, in the
 *       parameter moto reads).
 *   <li><b>Member clusters do not exist</b>: DescribeCacheClusters of a group's member (e.g. {@code
 *       <id>-001}) answers CacheClusterNotFound, so the node-level settings AWS reports there
 *       (engine version, maintenance window, parameter group, security groups, subnet group) cannot
 *       be read. The proxy answers with the member as AWS would, from the group's create request
 *       (moto stores these values on the group but returns them nowhere).
 *   <li><b>A deleted group never goes away</b>: DeleteReplicationGroup leaves it in status {@code
 *       deleting} for ever. After a delete the proxy lets one DescribeReplicationGroups show {@code
 *       deleting}, then answers ReplicationGroupNotFoundFault, as AWS does once the deletion is done.
 *   <li><b>No DeleteCacheSubnetGroup</b> (moto answers HTTP 500 with an HTML page): the proxy
 *       answers it as AWS does and from then on reports the subnet group as not found. The group
 *       stays in moto: tests list it as a known leftover, see {@link #deletedSubnetGroups()}.
 * </ol>
 *
 * ModifyReplicationGroup and ModifyCacheSubnetGroup (also HTTP 500 on moto) are not filled: the
 * request-level tests cover them.
 *
 * <p>The test emulator now runs moto through provisioner's moto shim ({@code localstack/moto-shim},
 * patches 4a-4d), which corrects gaps 1-3 and implements the subnet-group calls in moto itself
 * ({@link MotoElastiCacheGapsIT} pins that). Behind the proxy, gaps 1-3 are then simply passed
 * through (moto already answers as AWS does); gap 4 is still answered here. The proxy stays for the
 * tests that count calls or drop responses. The proxy never keeps or logs an AUTH token; it only notes
 * whether one was sent.
 */
final class ElastiCacheGapProxy implements AutoCloseable {
  private static final String NS = "http://elasticache.amazonaws.com/doc/2015-02-02/";
  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");

  /** The node-level settings of a group, from its create request. */
  private record Group(String id, String engine, String engineVersion, String nodeType, String parameterGroup,
      String subnetGroup, String maintenanceWindow, List<String> securityGroupIds, List<String> azs,
      int nodes, boolean transit, boolean atRest, boolean authToken) {}

  private record Reply(int status, Map<String, List<String>> headers, byte[] body) {}

  private final URI moto;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deletingDescribesLeft = new ConcurrentHashMap<>();
  private final Set<String> deletedSubnetGroups = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private ElastiCacheGapProxy(URI moto) throws IOException {
    this.moto = moto;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "elasticache-gap-proxy");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static ElastiCacheGapProxy start(URI moto) {
    try {
      return new ElastiCacheGapProxy(moto);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the ElastiCache gap proxy", e);
    }
  }

  /** The emulator as the step sees it: moto behind this proxy. */
  Emulator emulator() {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new Emulator(uri, "moto with the ElastiCache gap proxy", null);
  }

  /** How often an ElastiCache action reached the proxy, e.g. {@code CreateReplicationGroup}. */
  int calls(String action) {
    AtomicInteger n = calls.get(action);
    return n == null ? 0 : n.get();
  }

  /** Replication groups deleted through the proxy; moto keeps them in status {@code deleting} (gap 3). */
  Set<String> deletedReplicationGroups() {
    return Set.copyOf(deletingDescribesLeft.keySet());
  }

  /** Subnet groups deleted through the proxy; moto keeps them, having no DeleteCacheSubnetGroup (gap 4). */
  Set<String> deletedSubnetGroups() {
    return Set.copyOf(deletedSubnetGroups);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Reply reply = isElastiCache(exchange) ? elastiCache(exchange, body) : forward(exchange, body);
      reply.headers().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> exchange.getResponseHeaders().add(name, v));
        }
      });
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private static boolean isElastiCache(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    return auth != null && auth.contains("/elasticache/aws4_request");
  }

  private Reply elastiCache(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    List<Map.Entry<String, String>> form = decode(body);
    String action = param(form, "Action").orElse("");
    calls.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
    switch (action) {
      case "CreateReplicationGroup":
        return createReplicationGroup(exchange, form);
      case "DescribeReplicationGroups":
        return describeReplicationGroups(exchange, body, form);
      case "DeleteReplicationGroup":
        return deleteReplicationGroup(exchange, body, form);
      case "DescribeCacheClusters":
        return describeCacheClusters(exchange, body, form);
      case "DeleteCacheSubnetGroup":
        return deleteCacheSubnetGroup(exchange, form);
      case "DescribeCacheSubnetGroups":
        return param(form, "CacheSubnetGroupName").filter(deletedSubnetGroups::contains).isPresent()
            ? subnetGroupNotFound(param(form, "CacheSubnetGroupName").get()) : forward(exchange, body);
      default:
        return forward(exchange, body);
    }
  }

  // ---------------------------------------------------------------- gaps

  /** Gap 1: moto reads ReplicasPerNodeGroup, not NumCacheClusters. Also notes the node-level settings (gap 2). */
  private Reply createReplicationGroup(HttpExchange exchange, List<Map.Entry<String, String>> form)
      throws IOException, InterruptedException {
    List<Map.Entry<String, String>> toMoto = new ArrayList<>(form);
    Optional<Integer> nodes = param(form, "NumCacheClusters").map(Integer::parseInt);
    if (nodes.isPresent() && param(form, "ReplicasPerNodeGroup").isEmpty()) {
      toMoto.add(new SimpleEntry<>("ReplicasPerNodeGroup", String.valueOf(nodes.get() - 1)));
    }
    Reply reply = forward(exchange, encode(toMoto));
    if (reply.status() == 200) {
      String id = param(form, "ReplicationGroupId").orElseThrow().toLowerCase(Locale.ROOT);
      groups.put(id, new Group(id, param(form, "Engine").orElse("redis"), param(form, "EngineVersion").orElse(""),
          param(form, "CacheNodeType").orElse(""), param(form, "CacheParameterGroupName").orElse(""),
          param(form, "CacheSubnetGroupName").orElse(""), param(form, "PreferredMaintenanceWindow").orElse(""),
          list(form, "SecurityGroupIds."), list(form, "PreferredCacheClusterAZs."), nodes.orElse(1),
          param(form, "TransitEncryptionEnabled").map(Boolean::parseBoolean).orElse(false),
          param(form, "AtRestEncryptionEnabled").map(Boolean::parseBoolean).orElse(false),
          param(form, "AuthToken").isPresent()));
    }
    return reply;
  }

  /** Gap 3: once deleted, a group is shown {@code deleting} once, then not found. */
  private Reply describeReplicationGroups(HttpExchange exchange, byte[] body, List<Map.Entry<String, String>> form)
      throws IOException, InterruptedException {
    Optional<String> id = param(form, "ReplicationGroupId");
    AtomicInteger left = id.map(deletingDescribesLeft::get).orElse(null);
    if (left != null && left.getAndDecrement() <= 0) {
      return error(404, "ReplicationGroupNotFoundFault", "Replication group " + id.get() + " not found.");
    }
    return forward(exchange, body);
  }

  private Reply deleteReplicationGroup(HttpExchange exchange, byte[] body, List<Map.Entry<String, String>> form)
      throws IOException, InterruptedException {
    String id = param(form, "ReplicationGroupId").orElse("");
    if (deletingDescribesLeft.containsKey(id)) {
      return error(404, "ReplicationGroupNotFoundFault", "Replication group " + id + " not found.");
    }
    Reply reply = forward(exchange, body);
    if (reply.status() == 200) {
      deletingDescribesLeft.put(id, new AtomicInteger(1));
    }
    return reply;
  }

  /** Gap 2: a member of a group made through the proxy is answered as AWS reports it. */
  private Reply describeCacheClusters(HttpExchange exchange, byte[] body, List<Map.Entry<String, String>> form)
      throws IOException, InterruptedException {
    Reply reply = forward(exchange, body);
    Optional<String> clusterId = param(form, "CacheClusterId");
    if (reply.status() != 404 || clusterId.isEmpty()) {
      return reply;
    }
    for (Group group : groups.values()) {
      String prefix = group.id() + "-";
      String member = clusterId.get();
      if (member.startsWith(prefix) && member.substring(prefix.length()).matches("[0-9]{3}")
          && !deletingDescribesLeft.containsKey(group.id())) {
        int index = Integer.parseInt(member.substring(prefix.length()));
        if (index >= 1 && index <= group.nodes()) {
          return ok("DescribeCacheClusters", "<CacheClusters>" + member(group, member, index) + "</CacheClusters>");
        }
      }
    }
    return reply;
  }

  /** Gap 4: moto has no DeleteCacheSubnetGroup; answered as AWS does for a group that exists. */
  private Reply deleteCacheSubnetGroup(HttpExchange exchange, List<Map.Entry<String, String>> form)
      throws IOException, InterruptedException {
    String name = param(form, "CacheSubnetGroupName").orElse("");
    if (deletedSubnetGroups.contains(name)) {
      return subnetGroupNotFound(name);
    }
    List<Map.Entry<String, String>> describe = List.of(new SimpleEntry<>("Action", "DescribeCacheSubnetGroups"),
        new SimpleEntry<>("Version", "2015-02-02"), new SimpleEntry<>("CacheSubnetGroupName", name));
    Reply exists = forward(exchange, encode(describe));
    if (exists.status() != 200) {
      return exists;
    }
    deletedSubnetGroups.add(name);
    return ok("DeleteCacheSubnetGroup", null);
  }

  private String member(Group group, String clusterId, int index) {
    String az = group.azs().size() >= index ? group.azs().get(index - 1) : "";
    StringBuilder sgs = new StringBuilder();
    group.securityGroupIds().forEach(sg -> sgs.append("<member><SecurityGroupId>").append(xml(sg))
        .append("</SecurityGroupId><Status>active</Status></member>"));
    return "<CacheCluster><CacheClusterId>" + xml(clusterId) + "</CacheClusterId>"
        + "<ReplicationGroupId>" + xml(group.id()) + "</ReplicationGroupId>"
        + "<CacheClusterStatus>available</CacheClusterStatus><NumCacheNodes>1</NumCacheNodes>"
        + "<Engine>" + xml(group.engine()) + "</Engine><EngineVersion>" + xml(group.engineVersion()) + "</EngineVersion>"
        + "<CacheNodeType>" + xml(group.nodeType()) + "</CacheNodeType>"
        + "<PreferredAvailabilityZone>" + xml(az) + "</PreferredAvailabilityZone>"
        + "<PreferredMaintenanceWindow>" + xml(group.maintenanceWindow()) + "</PreferredMaintenanceWindow>"
        + "<CacheParameterGroup><CacheParameterGroupName>" + xml(group.parameterGroup())
        + "</CacheParameterGroupName><ParameterApplyStatus>in-sync</ParameterApplyStatus></CacheParameterGroup>"
        + "<CacheSubnetGroupName>" + xml(group.subnetGroup()) + "</CacheSubnetGroupName>"
        + "<SecurityGroups>" + sgs + "</SecurityGroups>"
        + "<TransitEncryptionEnabled>" + group.transit() + "</TransitEncryptionEnabled>"
        + "<AtRestEncryptionEnabled>" + group.atRest() + "</AtRestEncryptionEnabled>"
        + "<AuthTokenEnabled>" + group.authToken() + "</AuthTokenEnabled>"
        + "</CacheCluster>";
  }

  // ---------------------------------------------------------------- HTTP

  private Reply forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    URI target = moto.resolve(exchange.getRequestURI().toString());
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(response.statusCode(), response.headers().map(), response.body());
  }

  private static Reply ok(String action, String result) {
    String body = "<" + action + "Response xmlns=\"" + NS + "\">"
        + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
        + "<ResponseMetadata><RequestId>gap-proxy</RequestId></ResponseMetadata></" + action + "Response>";
    return new Reply(200, Map.of("Content-Type", List.of("text/xml")), body.getBytes(StandardCharsets.UTF_8));
  }

  private static Reply subnetGroupNotFound(String name) {
    return error(400, "CacheSubnetGroupNotFoundFault", "CacheSubnetGroup " + name + " not found.");
  }

  private static Reply error(int status, String code, String message) {
    String body = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
        + xml(message) + "</Message></Error><RequestId>gap-proxy</RequestId></ErrorResponse>";
    return new Reply(status, Map.of("Content-Type", List.of("text/xml")), body.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- form

  private static List<Map.Entry<String, String>> decode(byte[] body) {
    List<Map.Entry<String, String>> form = new ArrayList<>();
    String text = new String(body, StandardCharsets.UTF_8);
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.add(new SimpleEntry<>(name, value));
    }
    return form;
  }

  private static byte[] encode(List<Map.Entry<String, String>> form) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : form) {
      text.append(text.isEmpty() ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<String> param(List<Map.Entry<String, String>> form, String name) {
    return form.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
  }

  /** The values of a query list ({@code Name.Member.1}, {@code Name.Member.2}...) in their index order. */
  private static List<String> list(List<Map.Entry<String, String>> form, String prefix) {
    return form.stream().filter(e -> e.getKey().startsWith(prefix))
        .sorted(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('.') + 1))))
        .map(Map.Entry::getValue).toList();
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
