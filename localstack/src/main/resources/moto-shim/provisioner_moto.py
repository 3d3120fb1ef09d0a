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

SHIM_VERSION = "1"

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
    LOG.warning("provisioner shim %s: applied %s; skipped %s", SHIM_VERSION, APPLIED, SKIPPED)


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


def main(argv=None):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    apply_patches()
    from moto.server import main as moto_main

    return moto_main(argv)


if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])
    sys.exit(main())
