#!/usr/bin/env python3
"""provisioner's moto shim: moto's server with a few documented corrections.

Usage (the same arguments as ``moto_server``)::

    <python that has moto> provisioner_moto.py -H 127.0.0.1 -p 4566

moto 5.2.1 contradicts AWS's documented behaviour in a few places that break our end-to-end runs.
This launcher imports moto, applies small monkeypatches that bring moto closer to AWS, then runs
moto's own server ``main`` exactly as the ``moto_server`` console script does. Nothing here fakes
product behaviour: every patch names the moto source it corrects and the AWS API documentation it
implements. Patches are applied defensively: when moto's internals differ from what a patch expects
(another moto version), the patch logs a warning and is skipped; the server still starts.

The single source of truth is ``localstack/src/main/resources/moto-shim/provisioner_moto.py``; the
localstack module bundles it as a classpath resource and ``localstack/start`` runs it from there.
"""

import copy
import datetime
import json
import logging
import re
import sys

LOG = logging.getLogger("provisioner_moto")

SHIM_VERSION = "3"

_PATCHES = []
APPLIED = []
SKIPPED = []


def _patch(fn):
    _PATCHES.append(fn)
    return fn


def apply_patches():
    """Applies every patch; a patch that fails is logged and skipped, never fatal."""
    for fn in _PATCHES:
        try:
            fn()
            APPLIED.append(fn.__name__)
        except Exception as e:  # noqa: BLE001 - a broken patch must not stop the emulator
            SKIPPED.append(fn.__name__)
            LOG.warning("provisioner shim: skipping patch %s: %s: %s", fn.__name__, type(e).__name__, e)
    LOG.info("provisioner shim %s: applied %s; skipped %s", SHIM_VERSION, APPLIED, SKIPPED)


def _require(obj, *names):
    for name in names:
        if not hasattr(obj, name):
            raise AttributeError(f"{getattr(obj, '__name__', obj)} has no attribute {name!r}")


def _xml_error(status, code, message, extra=""):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{_esc(message)}</Message>{extra}"
        "<RequestId>provisioner-shim</RequestId></Error>"
    )
    return status, {"content-type": "application/xml"}, body


def _esc(text):
    return (
        str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# --------------------------------------------------------------------------------------------------
# 1. S3 bucket policy conditions
# --------------------------------------------------------------------------------------------------

#: The request context bucket policies are evaluated with. Traffic to the emulator stands for the
#: HTTPS traffic every AWS SDK sends to S3, so aws:SecureTransport is "true".
S3_REQUEST_CONTEXT = {"aws:securetransport": "true"}

_NEGATED_OPERATORS = {
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "ArnNotEquals",
    "ArnNotLike",
    "NumericNotEquals",
}


def _glob(pattern, value, ignore_case=False):
    regex = "^" + ".*".join(re.escape(p).replace(r"\?", ".") for p in pattern.split("*")) + "$"
    return re.match(regex, value, re.IGNORECASE if ignore_case else 0) is not None


def _operator_matches(operator, expected, actual):
    """One condition operator applied to one expected and one actual value (both strings)."""
    if operator in ("StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals"):
        return expected == actual
    if operator in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return expected.lower() == actual.lower()
    if operator in ("StringLike", "StringNotLike", "ArnLike", "ArnNotLike"):
        return _glob(expected, actual)
    if operator == "Bool":
        return expected.lower() == actual.lower()
    if operator.startswith("Numeric"):
        e, a = float(expected), float(actual)
        return {
            "NumericEquals": a == e,
            "NumericNotEquals": a == e,
            "NumericLessThan": a < e,
            "NumericLessThanEquals": a <= e,
            "NumericGreaterThan": a > e,
            "NumericGreaterThanEquals": a >= e,
        }[operator]
    raise KeyError(operator)


def _condition_block_matches(conditions, context):
    """True when every operator of a statement's Condition block matches ``context``.

    AWS semantics (IAM User Guide, "IAM JSON policy elements: Condition operators"): operators are
    ANDed, keys within an operator are ANDed, the values of one key are ORed; a key missing from the
    request context makes the condition false, except for ...IfExists operators, Null, and the
    negated operators (StringNotEquals, ...), which are true for a missing key. An operator this
    evaluator does not know makes the block not match (the statement then does not apply).
    """
    for raw_operator, keys in conditions.items():
        operator = raw_operator.split(":", 1)[1] if ":" in raw_operator else raw_operator  # ForAnyValue:
        if_exists = operator.endswith("IfExists")
        if if_exists:
            operator = operator[: -len("IfExists")]
        for key, expected in keys.items():
            expected_values = expected if isinstance(expected, list) else [expected]
            expected_values = [str(v).lower() if isinstance(v, bool) else str(v) for v in expected_values]
            actual = context.get(key.lower())
            if operator == "Null":
                want_absent = any(v.lower() == "true" for v in expected_values)
                if (actual is None) != want_absent:
                    return False
                continue
            if actual is None:
                if if_exists or operator in _NEGATED_OPERATORS:
                    continue
                return False
            try:
                hit = any(_operator_matches(operator, e, actual) for e in expected_values)
            except (KeyError, ValueError):
                LOG.info("provisioner shim: condition operator %s is not evaluated; statement skipped", raw_operator)
                return False
            if operator in _NEGATED_OPERATORS:
                hit = not hit
            if not hit:
                return False
    return True


def _listify(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def evaluate_bucket_policy(policy_document, action, resource, context):
    """Evaluates a bucket policy for one object action: PERMITTED, DENIED or NEUTRAL.

    Implements the statement semantics of the IAM User Guide "Policy evaluation logic": a statement
    applies only when its Action/NotAction, Resource/NotResource and Condition all match; an explicit
    Deny that applies wins, else an Allow that applies permits, else the result is neutral. Principals
    are treated as moto does (a non-"*" string principal makes the statement not apply to the caller).
    """
    from moto.iam.access_control import PermissionResult

    statements = _listify(policy_document.get("Statement"))
    permitted = False
    for st in statements:
        if "NotAction" in st:
            concerned = not any(_glob(a, action, True) for a in _listify(st["NotAction"]))
        else:
            concerned = any(_glob(a, action, True) for a in _listify(st.get("Action")))
        if not concerned:
            continue
        principal = st.get("Principal")
        if isinstance(principal, str) and principal != "*":
            continue
        if st.get("Condition") and not _condition_block_matches(st["Condition"], context):
            continue  # a statement whose conditions do not match does not apply: NEUTRAL
        if "NotResource" in st:
            if any(_glob(r, resource) for r in _listify(st["NotResource"])):
                continue
        elif st.get("Resource") and not any(_glob(r, resource) for r in _listify(st["Resource"])):
            continue
        if st.get("Effect") == "Deny":
            return PermissionResult.DENIED
        if st.get("Effect") == "Allow":
            permitted = True
    return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL


@_patch
def patch_s3_bucket_policy_conditions():
    """S3 bucket policies: evaluate Condition blocks with a request context, Deny applies only on match.

    Corrects moto/s3/models.py ``FakeBucket.get_permission`` (~line 1152), which hands the policy to
    moto/iam/access_control.py ``IAMPolicyStatement.is_action_permitted`` (~lines 471-509). That code
    has no request context and evaluates only ``StringEquals`` (moto/iam/policy_conditions.py); any
    other operator such as ``Bool`` counts as matching, and a failed condition returns DENIED. So the
    standard TLS-only policy ``Deny s3:* Principal * Condition Bool aws:SecureTransport=false`` denies
    every PutObject / DeleteObject / DeleteObjects.

    AWS behaviour (S3 User Guide "Bucket policy examples" - "Managing access based on HTTP or HTTPS
    requests"; IAM User Guide "Policy evaluation logic" and "Condition operators"): a statement
    applies only when its conditions match; AWS SDKs talk HTTPS, so aws:SecureTransport is true and
    the TLS-only Deny does not apply. Here the emulator's traffic stands for HTTPS traffic
    (``S3_REQUEST_CONTEXT``). Only bucket-policy evaluation for S3 object operations is changed.
    """
    from moto.s3.models import FakeBucket
    from moto.iam.access_control import PermissionResult  # noqa: F401 - must exist

    _require(FakeBucket, "get_permission")
    original = FakeBucket.get_permission

    def get_permission(self, action, resource):
        policy = getattr(self, "policy", None)
        if policy is None:
            return original(self, action, resource)
        try:
            document = json.loads(policy.decode() if isinstance(policy, bytes) else policy)
        except ValueError:
            return original(self, action, resource)
        return evaluate_bucket_policy(document, action, resource, S3_REQUEST_CONTEXT)

    get_permission.__doc__ = patch_s3_bucket_policy_conditions.__doc__
    FakeBucket.get_permission = get_permission


# --------------------------------------------------------------------------------------------------
# 2. S3 EventBridge notification read-back
# --------------------------------------------------------------------------------------------------


@_patch
def patch_s3_eventbridge_notification_readback():
    """GetBucketNotificationConfiguration returns <EventBridgeConfiguration/> when it is enabled.

    Corrects moto/s3/responses.py ``S3Response.get_bucket_notification`` (~line 1339), which builds
    only Topic/Queue/LambdaFunction configurations although PutBucketNotificationConfiguration stores
    ``<EventBridgeConfiguration/>`` as ``event_bridge = {}`` (responses.py ~2944-2966, models.py
    ~1071). AWS (API reference "GetBucketNotificationConfiguration", "EventBridgeConfiguration")
    returns an empty ``<EventBridgeConfiguration/>`` element when sending events to EventBridge is
    enabled, and omits it when a later PUT leaves it out.
    """
    from moto.s3.responses import S3Response

    _require(S3Response, "get_bucket_notification", "_send_response")
    original = S3Response.get_bucket_notification

    def get_bucket_notification(self):
        response = original(self)
        try:
            bucket = self.backend.get_bucket(self.bucket_name)
            config = getattr(bucket, "notification_configuration", None)
            if config is None or getattr(config, "event_bridge", None) is None:
                return response
            status, headers, body = response if isinstance(response, tuple) else (200, {}, response)
            text = body.decode("utf-8") if isinstance(body, bytes) else (body or "")
            if "EventBridgeConfiguration" in text:
                return response
            if re.search(r"</NotificationConfiguration>\s*$", text):
                text = re.sub(r"</NotificationConfiguration>\s*$",
                              "<EventBridgeConfiguration/></NotificationConfiguration>", text)
            elif re.search(r"<NotificationConfiguration[^>]*/>\s*$", text):
                text = re.sub(r"<NotificationConfiguration([^>]*)/>\s*$",
                              r"<NotificationConfiguration\1><EventBridgeConfiguration/></NotificationConfiguration>",
                              text)
            else:
                text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                        "<EventBridgeConfiguration/></NotificationConfiguration>")
            return status, headers, text
        except Exception as e:  # noqa: BLE001
            LOG.warning("provisioner shim: EventBridge read-back failed: %s", e)
            return response

    S3Response.get_bucket_notification = get_bucket_notification


# --------------------------------------------------------------------------------------------------
# 3. S3 Intelligent-Tiering configurations
# --------------------------------------------------------------------------------------------------

_S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def _tiering_config_from_xml(body):
    import xmltodict

    parsed = xmltodict.parse(body, force_list=("Tiering", "Tag"))
    root = parsed.get("IntelligentTieringConfiguration")
    if not isinstance(root, dict):
        raise ValueError("no IntelligentTieringConfiguration")
    config = {"Id": root.get("Id"), "Status": root.get("Status")}
    if not config["Id"] or config["Status"] not in ("Enabled", "Disabled"):
        raise ValueError("Id and Status (Enabled|Disabled) are required")
    tierings = []
    for t in root.get("Tiering") or []:
        days, tier = int(t["Days"]), t["AccessTier"]
        if tier not in ("ARCHIVE_ACCESS", "DEEP_ARCHIVE_ACCESS"):
            raise ValueError(f"AccessTier {tier}")
        tierings.append({"Days": days, "AccessTier": tier})
    if not tierings:
        raise ValueError("at least one Tiering is required")
    config["Tiering"] = tierings
    flt = root.get("Filter")
    if isinstance(flt, dict):
        config["Filter"] = {k: v for k, v in flt.items() if not k.startswith("@")}
    return config


def _tiering_config_xml(config):
    """IntelligentTieringConfiguration members in the order of the AWS API shape."""
    import xmltodict

    ordered = {"Id": config["Id"]}
    if config.get("Filter"):
        ordered["Filter"] = config["Filter"]
    ordered["Status"] = config["Status"]
    ordered["Tiering"] = [{"Days": str(t["Days"]), "AccessTier": t["AccessTier"]} for t in config["Tiering"]]
    inner = xmltodict.unparse({"X": ordered}, full_document=False)
    return inner[len("<X>"):-len("</X>")]


def _tiering_store(bucket):
    store = getattr(bucket, "_provisioner_intelligent_tiering", None)
    if store is None:
        store = {}
        bucket._provisioner_intelligent_tiering = store
    return store


def _intelligent_tiering(response, request, bucket_name, querystring):
    method = request.method
    bucket = response.backend.get_bucket(bucket_name)  # raises NoSuchBucket as moto does
    store = _tiering_store(bucket)
    config_id = (querystring.get("id") or [None])[0]
    if method == "PUT":
        if not config_id:
            return _xml_error(400, "InvalidArgument", "Id is required")
        try:
            config = _tiering_config_from_xml(response.body)
        except Exception as e:  # noqa: BLE001
            LOG.info("provisioner shim: bad IntelligentTieringConfiguration: %s", e)
            return _xml_error(400, "MalformedXML", "The XML you provided was not well-formed or did not "
                              "validate against our published schema")
        if config["Id"] != config_id:
            return _xml_error(400, "InvalidArgument", "Id in the query and in the body differ")
        store[config_id] = config
        return 200, {}, ""
    if method == "GET" and config_id:
        config = store.get(config_id)
        if config is None:
            return _xml_error(404, "NoSuchConfiguration", "The specified configuration does not exist.")
        return 200, {"content-type": "application/xml"}, (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<IntelligentTieringConfiguration xmlns="{_S3_NS}">{_tiering_config_xml(config)}'
            "</IntelligentTieringConfiguration>")
    if method == "GET":
        items = "".join(
            f"<IntelligentTieringConfiguration>{_tiering_config_xml(store[k])}</IntelligentTieringConfiguration>"
            for k in sorted(store))
        return 200, {"content-type": "application/xml"}, (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<ListBucketIntelligentTieringConfigurationsOutput xmlns="{_S3_NS}">'
            f"<IsTruncated>false</IsTruncated>{items}</ListBucketIntelligentTieringConfigurationsOutput>")
    if method == "DELETE":
        if not config_id:
            return _xml_error(400, "InvalidArgument", "Id is required")
        if store.pop(config_id, None) is None:
            return _xml_error(404, "NoSuchConfiguration", "The specified configuration does not exist.")
        return 204, {}, ""
    return None


@_patch
def patch_s3_intelligent_tiering():
    """Put/Get/List/DeleteBucketIntelligentTieringConfiguration (``?intelligent-tiering``).

    Corrects moto/s3/responses.py ``S3Response._bucket_response`` (~line 413) and its
    ``_bucket_response_get/_put/_delete`` dispatchers, which have no ``intelligent-tiering`` branch:
    PUT falls through to CreateBucket, GET to ListObjects and DELETE to DeleteBucket (destroying the
    bucket). Implements the AWS API reference operations "PutBucketIntelligentTieringConfiguration"
    (200, empty body), "GetBucketIntelligentTieringConfiguration" (IntelligentTieringConfiguration:
    Id, Filter?, Status, Tiering[Days, AccessTier]; 404 NoSuchConfiguration when unknown),
    "ListBucketIntelligentTieringConfigurations" (ListBucketIntelligentTieringConfigurationsOutput
    with IsTruncated and IntelligentTieringConfiguration elements) and
    "DeleteBucketIntelligentTieringConfiguration" (204). Configurations live on the bucket object,
    so they vanish with the bucket.
    """
    from moto.s3.responses import S3Response

    _require(S3Response, "_bucket_response", "_get_querystring", "parse_bucket_name_from_url")
    original = S3Response._bucket_response

    def _bucket_response(self, request, full_url):
        querystring = self._get_querystring(request, full_url)
        if "intelligent-tiering" in querystring and request.method in ("GET", "PUT", "DELETE"):
            bucket_name = self.parse_bucket_name_from_url(request, full_url)
            if bucket_name:
                handled = _intelligent_tiering(self, request, bucket_name, querystring)
                if handled is not None:
                    return handled
        return original(self, request, full_url)

    S3Response._bucket_response = _bucket_response


# --------------------------------------------------------------------------------------------------
# 4. ElastiCache replication groups
# --------------------------------------------------------------------------------------------------


@_patch
def patch_elasticache_num_cache_clusters():
    """CreateReplicationGroup with NumCacheClusters creates that many nodes (cluster mode disabled).

    Corrects moto/elasticache/models.py ``ReplicationGroup._set_node_members_clusters_disabled``
    (~line 522), which overwrites ``num_cache_clusters`` with ``ReplicasPerNodeGroup + 1`` (or 1),
    so NumCacheClusters alone always yields a single node. AWS (API reference
    "CreateReplicationGroup", NumCacheClusters: "the number of clusters this replication group
    initially has", one primary and NumCacheClusters-1 replicas) honours it.
    """
    from moto.elasticache.models import ReplicationGroup

    _require(ReplicationGroup, "_set_node_members_clusters_disabled")
    original = ReplicationGroup._set_node_members_clusters_disabled

    def _set_node_members_clusters_disabled(self, member_clusters, replication_group_id, replication_group_domain,
                                            node_group, preferred_cache_cluster_azs, num_cache_clusters,
                                            replicas_per_node_group):
        if not replicas_per_node_group and num_cache_clusters and int(num_cache_clusters) > 1:
            replicas_per_node_group = int(num_cache_clusters) - 1
        return original(self, member_clusters=member_clusters, replication_group_id=replication_group_id,
                        replication_group_domain=replication_group_domain, node_group=node_group,
                        preferred_cache_cluster_azs=preferred_cache_cluster_azs,
                        num_cache_clusters=num_cache_clusters, replicas_per_node_group=replicas_per_node_group)

    ReplicationGroup._set_node_members_clusters_disabled = _set_node_members_clusters_disabled


def _member_cluster(group, member_id):
    """A member cluster of ``group`` as DescribeCacheClusters reports it on AWS (a dict of the shape)."""
    az = None
    for node_group in getattr(group, "node_groups", []):
        for member in node_group.get("node_group_members", []):
            if member.get("cache_cluster_id") == member_id:
                az = member.get("preferred_availability_zone")
    deleting = getattr(group, "status", "") == "deleting"
    cluster = {
        "CacheClusterId": member_id,
        "ReplicationGroupId": group.replication_group_id,
        "CacheClusterStatus": "deleting" if deleting else "available",
        "NumCacheNodes": 1,
        "Engine": getattr(group, "engine", None) or "redis",
        "EngineVersion": getattr(group, "engine_version", None),
        "CacheNodeType": getattr(group, "cache_node_type", None),
        "PreferredAvailabilityZone": az,
        "PreferredMaintenanceWindow": getattr(group, "preferred_maintenance_window", None),
        "CacheSubnetGroupName": getattr(group, "cache_subnet_group_name", None),
        "SecurityGroups": [{"SecurityGroupId": sg, "Status": "active"}
                           for sg in (getattr(group, "security_group_ids", None) or [])],
        "SnapshotRetentionLimit": getattr(group, "snapshot_retention_limit", None),
        "SnapshotWindow": getattr(group, "snapshot_window", None),
        "TransitEncryptionEnabled": bool(getattr(group, "transit_encryption_enabled", False)),
        "AtRestEncryptionEnabled": bool(getattr(group, "at_rest_encryption_enabled", False)),
        "AuthTokenEnabled": bool(getattr(group, "auth_token_enabled", False)),
        "AutoMinorVersionUpgrade": getattr(group, "auto_minor_version_upgrade", None),
        "ARN": group.arn.replace(":replicationgroup:", ":cluster:").rsplit(":", 1)[0] + ":" + member_id,
        "CacheClusterCreateTime": getattr(group, "replication_group_create_time", None),
        "NetworkType": getattr(group, "network_type", None),
        "IpDiscovery": getattr(group, "ip_discovery", None),
    }
    if getattr(group, "cache_parameter_group_name", None):
        cluster["CacheParameterGroup"] = {"CacheParameterGroupName": group.cache_parameter_group_name,
                                          "ParameterApplyStatus": "in-sync", "CacheNodeIdsToReboot": []}
    return {k: v for k, v in cluster.items() if v is not None}


def _visible_groups(backend):
    """The backend's groups after finishing deletions: a deleted group is reported once, then removed."""
    for group_id, group in list(backend.replication_groups.items()):
        if getattr(group, "status", "") == "deleting":
            left = getattr(group, "_provisioner_deleting_reports", 0)
            if left <= 0:
                backend.replication_groups.pop(group_id, None)
    return backend.replication_groups


@_patch
def patch_elasticache_member_clusters():
    """DescribeCacheClusters answers for a replication group's member clusters (<id>-001, ...).

    Corrects moto/elasticache/models.py ``ElastiCacheBackend.describe_cache_clusters`` (~line
    866), which only knows clusters made with CreateCacheCluster, so a group's members answer
    CacheClusterNotFound and their node-level settings (stored on the group by
    ``ReplicationGroup.__init__`` but "not returned by create or describe") are unreadable. AWS (API
    reference "DescribeCacheClusters": "the replication group's member clusters are included")
    reports each member with the group's engine, engine version, node type, AZ, maintenance
    window, parameter group, security groups, subnet group and ReplicationGroupId. Members are
    derived from the group on each call, so ModifyReplicationGroup changes show on them.
    """
    from moto.elasticache.models import ElastiCacheBackend

    _require(ElastiCacheBackend, "describe_cache_clusters")
    original = ElastiCacheBackend.describe_cache_clusters

    def members(backend):
        out = []
        for group in _visible_groups(backend).values():
            for member_id in list(getattr(group, "member_clusters", [])):
                out.append((member_id, group))
        return out

    def describe_cache_clusters(self, cache_cluster_id=None):
        if cache_cluster_id:
            if cache_cluster_id not in self.cache_clusters:
                for member_id, group in members(self):
                    if member_id == cache_cluster_id:
                        return [_member_cluster(group, member_id)]
            return original(self, cache_cluster_id=cache_cluster_id)
        result = list(original(self, cache_cluster_id=None))
        result.extend(_member_cluster(g, m) for m, g in members(self) if m not in self.cache_clusters)
        return result

    ElastiCacheBackend.describe_cache_clusters = describe_cache_clusters


@_patch
def patch_elasticache_delete_replication_group():
    """DeleteReplicationGroup ends with the group gone; FinalSnapshotIdentifier records a snapshot.

    Corrects moto/elasticache/models.py ``ElastiCacheBackend.delete_replication_group`` (~line
    1042), which only sets status ``deleting`` (the group stays for ever), and
    moto/elasticache/responses.py ``delete_replication_group`` (~line 312), which ignores
    FinalSnapshotIdentifier. AWS (API reference "DeleteReplicationGroup"): the group is
    ``deleting`` until the deletion completes, then DescribeReplicationGroups answers
    ReplicationGroupNotFoundFault; with FinalSnapshotIdentifier a final snapshot of that name is
    created first. Here the delete response and one later describe show ``deleting``; after that the
    group is gone.
    """
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    _require(ElastiCacheBackend, "delete_replication_group", "describe_replication_groups", "create_snapshot")
    _require(ElastiCacheResponse, "delete_replication_group")
    original_delete = ElastiCacheBackend.delete_replication_group
    original_describe = ElastiCacheBackend.describe_replication_groups
    original_response = ElastiCacheResponse.delete_replication_group

    def delete_replication_group(self, replication_group_id, retain_primary_cluster):
        _visible_groups(self)
        group = self.replication_groups.get(replication_group_id)
        already_deleting = group is not None and getattr(group, "status", "") == "deleting"
        result = original_delete(self, replication_group_id, retain_primary_cluster)
        if not already_deleting:
            result._provisioner_deleting_reports = 1
        return result

    def describe_replication_groups(self, replication_group_id=None):
        _visible_groups(self)
        result = original_describe(self, replication_group_id=replication_group_id)
        for group in result:
            if getattr(group, "status", "") == "deleting":
                group._provisioner_deleting_reports = getattr(group, "_provisioner_deleting_reports", 0) - 1
        return result

    def delete_response(self):
        final = self._get_param("FinalSnapshotIdentifier")
        group_id = self._get_param("ReplicationGroupId")
        if final and group_id in _visible_groups(self.elasticache_backend):
            self.elasticache_backend.create_snapshot(snapshot_name=final, replication_group_id=group_id,
                                                     cache_cluster_id=None, kms_key_id=None, tags=None)
        return original_response(self)

    ElastiCacheBackend.delete_replication_group = delete_replication_group
    ElastiCacheBackend.describe_replication_groups = describe_replication_groups
    ElastiCacheResponse.delete_replication_group = delete_response


def _elasticache_error(code, message):
    from moto.elasticache.exceptions import ElastiCacheException

    return ElastiCacheException(code, message)


@_patch
def patch_elasticache_modify_and_subnet_groups():
    """ModifyReplicationGroup, ModifyCacheSubnetGroup and DeleteCacheSubnetGroup.

    moto/elasticache/responses.py ``ElastiCacheResponse`` has no handler for these actions, so moto
    answers HTTP 500 with an HTML page. Implements, per the AWS API reference:

    - "ModifyReplicationGroup": the in-place settings ReplicationGroupDescription,
      SnapshotRetentionLimit, SnapshotWindow, PreferredMaintenanceWindow, SecurityGroupIds,
      CacheSecurityGroupNames, AutomaticFailoverEnabled, MultiAZEnabled, CacheNodeType,
      EngineVersion, CacheParameterGroupName, AutoMinorVersionUpgrade, NotificationTopicArn,
      SnapshottingClusterId; answers the ReplicationGroup. The emulator has no maintenance window,
      so changes are applied at once whatever ApplyImmediately says.
    - "ModifyCacheSubnetGroup": description and SubnetIds; answers the CacheSubnetGroup.
    - "DeleteCacheSubnetGroup": removes the group (CacheSubnetGroupNotFoundFault when unknown,
      CacheSubnetGroupInUse while a replication group or cluster uses it).
    """
    from moto.elasticache.models import CacheSubnetGroup, ElastiCacheBackend  # noqa: F401
    from moto.elasticache.responses import ElastiCacheResponse
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ReplicationGroupNotFound
    from moto.core.responses import ActionResult, EmptyResult

    _require(ElastiCacheResponse, "_get_param", "_get_bool_param", "_get_int_param", "elasticache_backend")

    def modify_replication_group(self):
        backend = self.elasticache_backend
        group_id = self._get_param("ReplicationGroupId")
        group = _visible_groups(backend).get(group_id)
        if group is None:
            raise ReplicationGroupNotFound(group_id)
        if getattr(group, "status", "") == "deleting":
            raise _elasticache_error("InvalidReplicationGroupState",
                                     f"Replication group {group_id} is not in available state.")
        simple = {
            "ReplicationGroupDescription": "description",
            "SnapshotWindow": "snapshot_window",
            "PreferredMaintenanceWindow": "preferred_maintenance_window",
            "CacheNodeType": "cache_node_type",
            "EngineVersion": "engine_version",
            "CacheParameterGroupName": "cache_parameter_group_name",
            "NotificationTopicArn": "notification_topic_arn",
            "SnapshottingClusterId": "snapshotting_cluster_id",
        }
        for param, attr in simple.items():
            value = self._get_param(param)
            if value is not None:
                setattr(group, attr, value)
        retention = self._get_int_param("SnapshotRetentionLimit")
        if retention is not None:
            group.snapshot_retention_limit = retention
        for param, attr in (("SecurityGroupIds", "security_group_ids"),
                            ("CacheSecurityGroupNames", "cache_security_group_names")):
            value = self._get_param(param)
            if value is not None:
                setattr(group, attr, list(value))
        failover = self._get_bool_param("AutomaticFailoverEnabled")
        if failover is not None:
            group.automatic_failover = "enabled" if failover else "disabled"
        multi_az = self._get_bool_param("MultiAZEnabled")
        if multi_az is not None:
            group.multi_az = "enabled" if multi_az else "disabled"
        auto_minor = self._get_bool_param("AutoMinorVersionUpgrade")
        if auto_minor is not None:
            group.auto_minor_version_upgrade = auto_minor
        return ActionResult({"ReplicationGroup": group})

    def modify_cache_subnet_group(self):
        backend = self.elasticache_backend
        name = self._get_param("CacheSubnetGroupName")
        existing = backend.cache_subnet_groups.get(name)
        if existing is None:
            raise CacheSubnetGroupNotFound(name)
        description = self._get_param("CacheSubnetGroupDescription")
        subnet_ids = self._get_param("SubnetIds")
        if subnet_ids:
            replacement = CacheSubnetGroup(
                account_id=backend.account_id, region_name=backend.region_name, cache_subnet_group_name=name,
                cache_subnet_group_description=description or existing.cache_subnet_group_description,
                subnet_ids=list(subnet_ids), tags=existing.tags)
            backend.cache_subnet_groups[name] = replacement
            existing = replacement
        elif description is not None:
            existing.cache_subnet_group_description = description
        return ActionResult({"CacheSubnetGroup": existing})

    def delete_cache_subnet_group(self):
        backend = self.elasticache_backend
        name = self._get_param("CacheSubnetGroupName")
        if name not in backend.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(name)
        users = [g for g in _visible_groups(backend).values() if getattr(g, "cache_subnet_group_name", None) == name]
        users += [c for c in backend.cache_clusters.values() if getattr(c, "cache_subnet_group_name", None) == name]
        if users:
            raise _elasticache_error("CacheSubnetGroupInUse", f"Cache subnet group {name} is currently in use.")
        backend.cache_subnet_groups.pop(name)
        return EmptyResult()

    ElastiCacheResponse.modify_replication_group = modify_replication_group
    ElastiCacheResponse.modify_cache_subnet_group = modify_cache_subnet_group
    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group


# --------------------------------------------------------------------------------------------------
# 5. RDS
# --------------------------------------------------------------------------------------------------

_PI_AND_MONITORING = ("performance_insights_kms_key_id", "performance_insights_retention_period",
                      "monitoring_interval", "monitoring_role_arn")


def _apply_pi_and_monitoring(instance, kwargs, creating):
    enable = kwargs.get("enable_performance_insights")
    if enable is not None:
        instance.performance_insights_enabled = str(enable).lower() == "true"
    elif creating:
        instance.performance_insights_enabled = False
    for key in _PI_AND_MONITORING:
        if kwargs.get(key) is not None:
            setattr(instance, key, kwargs[key])
    if creating and getattr(instance, "monitoring_interval", None) is None:
        instance.monitoring_interval = 0
    if getattr(instance, "performance_insights_enabled", False):
        if getattr(instance, "performance_insights_retention_period", None) is None:
            instance.performance_insights_retention_period = 7  # the AWS default (free tier)
    elif enable is not None or creating:
        instance.performance_insights_kms_key_id = None
        instance.performance_insights_retention_period = None


@_patch
def patch_rds_performance_insights_and_monitoring():
    """DescribeDBInstances returns Performance Insights and Enhanced Monitoring settings.

    Corrects moto/rds/models.py ``DBInstance.__init__`` (~line 1095), which swallows
    EnablePerformanceInsights, PerformanceInsightsKMSKeyId, PerformanceInsightsRetentionPeriod,
    MonitoringInterval and MonitoringRoleArn in ``**kwargs``, and ``DBInstance.update`` (~line 1541),
    which stores EnablePerformanceInsights as ``enable_performance_insights`` where the serializer
    never looks for PerformanceInsightsEnabled. AWS (API reference "CreateDBInstance",
    "CreateDBInstanceReadReplica", "ModifyDBInstance", "DBInstance" data type) stores them and
    returns PerformanceInsightsEnabled, PerformanceInsightsKMSKeyId,
    PerformanceInsightsRetentionPeriod (default 7 days when enabled), MonitoringInterval (default 0)
    and MonitoringRoleArn.
    """
    from moto.rds.models import DBInstance

    _require(DBInstance, "__init__", "update")
    original_init = DBInstance.__init__
    original_update = DBInstance.update

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        try:
            _apply_pi_and_monitoring(self, kwargs, creating=True)
        except Exception as e:  # noqa: BLE001
            LOG.warning("provisioner shim: RDS Performance Insights fields not stored: %s", e)

    def update(self, *args, **kwargs):
        original_update(self, *args, **kwargs)
        try:
            _apply_pi_and_monitoring(self, kwargs, creating=False)
        except Exception as e:  # noqa: BLE001
            LOG.warning("provisioner shim: RDS Performance Insights fields not updated: %s", e)

    DBInstance.__init__ = __init__
    DBInstance.update = update


@_patch
def patch_rds_touching_windows():
    """A backup window and a maintenance window that only touch do not overlap.

    Corrects moto/rds/utils.py ``valid_preferred_maintenance_window`` (~line 263), which rejects
    windows whose overlap ``get_overlap_between_two_date_ranges`` measures as ``>= 0`` seconds, so
    ``03:00-04:00`` and ``mon:04:00-mon:05:00`` (overlap 0) are refused. AWS (API reference
    "CreateDBInstance"/"ModifyDBInstance", PreferredBackupWindow: "must not conflict with the
    preferred maintenance window") accepts windows that share only an end point; only a positive
    overlap conflicts.
    """
    import moto.rds.utils as rds_utils

    _require(rds_utils, "get_overlap_between_two_date_ranges", "valid_preferred_maintenance_window")
    original = rds_utils.get_overlap_between_two_date_ranges

    def get_overlap_between_two_date_ranges(start_time_1, end_time_1, start_time_2, end_time_2):
        overlap = original(start_time_1, end_time_1, start_time_2, end_time_2)
        return -1 if overlap == 0 else overlap

    rds_utils.get_overlap_between_two_date_ranges = get_overlap_between_two_date_ranges


@_patch
def patch_rds_modify_db_subnet_group_keeps_the_group():
    """ModifyDBSubnetGroup changes the group's subnets and keeps the group.

    Corrects moto/rds/models.py ``RDSBackend.modify_db_subnet_group`` (~line 3085), which takes the
    group out of ``subnet_groups`` with ``pop`` to change it and never puts it back: the group is
    gone after the call (a DescribeDBSubnetGroups answers DBSubnetGroupNotFoundFault), and a missing
    name raises KeyError instead of DBSubnetGroupNotFoundFault. AWS (API reference
    "ModifyDBSubnetGroup": "Modifies an existing DB subnet group"; DBSubnetGroupNotFoundFault "is
    not an existing DB subnet group") keeps the group under its name with the new subnets.
    """
    from moto.rds.models import RDSBackend
    from moto.rds.exceptions import DBSubnetGroupNotFoundError

    _require(RDSBackend, "modify_db_subnet_group")

    def modify_db_subnet_group(self, subnet_name, description, subnets):
        subnet_group = self.subnet_groups.get(subnet_name)
        if subnet_group is None:
            raise DBSubnetGroupNotFoundError(subnet_name)
        subnet_group.subnets = subnets
        if description is not None:
            subnet_group.description = description
        return subnet_group

    RDSBackend.modify_db_subnet_group = modify_db_subnet_group


# --------------------------------------------------------------------------------------------------
# 5x. EC2
# --------------------------------------------------------------------------------------------------


@_patch
def patch_ec2_gateway_endpoint_route_tables():
    """ModifyVpcEndpoint adds and removes a gateway endpoint's routes with its route tables.

    Corrects moto/ec2/models/vpcs.py ``VPCEndPoint.modify`` (~line 381) and
    ``VPCBackend.modify_vpc_endpoint`` (~line 1033), which only change the endpoint's list of
    route table ids: no route to the service's prefix list is added to a route table associated
    later, so the endpoint's later DeleteVpcEndpoints (~line 1055), which deletes the route from
    every associated table, fails with InvalidRoute.NotFound. AWS (API reference
    "ModifyVpcEndpoint", AddRouteTableIds / RemoveRouteTableIds; VPC User Guide "Gateway endpoints":
    "we add a route to each route table that you associate with the endpoint") adds the prefix-list
    route to each table associated and removes it from each table disassociated.
    """
    from moto.ec2.models.vpcs import VPCBackend

    _require(VPCBackend, "modify_vpc_endpoint", "describe_vpc_endpoints")
    original = VPCBackend.modify_vpc_endpoint

    def modify_vpc_endpoint(self, vpc_id, policy_doc, add_subnets, remove_subnets, remove_route_tables,
                            add_route_tables, add_security_groups, remove_security_groups):
        endpoint = self.describe_vpc_endpoints(vpc_end_point_ids=[vpc_id])[0]
        prefix_list = getattr(endpoint, "destination_prefix_list_id", None)
        before = set(endpoint.route_table_ids or [])
        original(self, vpc_id, policy_doc, add_subnets, remove_subnets, remove_route_tables, add_route_tables,
                 add_security_groups, remove_security_groups)
        if not prefix_list:
            return
        after = set(endpoint.route_table_ids or [])
        for table in sorted(after - before):
            self.create_route(table, None, gateway_id=endpoint.id, destination_prefix_list_id=prefix_list)
        for table in sorted(before - after):
            try:
                self.delete_route(table, None, destination_prefix_list_id=prefix_list)
            except Exception:  # noqa: BLE001 - a route already gone is what AWS would leave too
                pass

    VPCBackend.modify_vpc_endpoint = modify_vpc_endpoint


# --------------------------------------------------------------------------------------------------
# 6. Backup
# --------------------------------------------------------------------------------------------------


@_patch
def patch_backup_plan_name_reuse():
    """CreateBackupPlan may reuse the name of a deleted backup plan.

    Corrects moto/backup/models.py ``BackupBackend.create_backup_plan`` (~line 158), which compares
    the new name with every plan ever made, deleted ones included (DeleteBackupPlan only sets
    ``deletion_date``), and answers AlreadyExistsException. AWS (API reference "CreateBackupPlan":
    AlreadyExistsException "the required resource already exists"; "DeleteBackupPlan") frees a
    deleted plan's name: only a plan that is not deleted blocks it. Deleted plans stay listed by
    ListBackupPlans(IncludeDeleted=true) as on AWS.
    """
    from moto.backup.models import BackupBackend, Plan
    from moto.backup.exceptions import AlreadyExistsException

    _require(BackupBackend, "create_backup_plan", "tag_resource")

    def create_backup_plan(self, backup_plan, backup_plan_tags, creator_request_id):
        name = backup_plan["BackupPlanName"]
        if any(p.backup_plan["BackupPlanName"] == name and getattr(p, "deletion_date", None) is None
               for p in list(self.plans.values())):
            raise AlreadyExistsException(msg="Backup plan with the same plan document already exists")
        plan = Plan(backup_plan=backup_plan, creator_request_id=creator_request_id, backend=self)
        if backup_plan_tags:
            self.tag_resource(plan.backup_plan_arn, backup_plan_tags)
        self.plans[plan.backup_plan_id] = plan
        return plan

    BackupBackend.create_backup_plan = create_backup_plan


# --------------------------------------------------------------------------------------------------


def main(argv=None):
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    LOG.setLevel(logging.INFO)
    apply_patches()
    from moto.server import main as moto_main

    return moto_main(argv)


if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])
    sys.exit(main())
