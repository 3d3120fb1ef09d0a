"""Secrets Manager rotation of the application's PostgreSQL login (single-user strategy).

Secrets Manager calls ``lambda_handler`` four times per rotation, once per step, always with the
same ``ClientRequestToken`` (the id of the new version):

* ``createSecret``: puts a copy of the current secret with a new random password as the
  AWSPENDING version (nothing to do when that version already has a value);
* ``setSecret``: makes the database accept the pending password for the user;
* ``testSecret``: logs in with the pending password;
* ``finishSecret``: moves AWSCURRENT to the pending version (Secrets Manager then drops the
  AWSPENDING label and the old version becomes AWSPREVIOUS).

Every step can run again after a failure or a retry by Secrets Manager and ends in the same state.

The secret is the JSON the provisioner's ``data.secrets`` step writes::

    {"engine": "postgres", "username": ..., "password": ..., "dbname": ...,
     "port": ..., "dbInstanceIdentifier": ...}

The host is not in the secret: the instance is looked up with ``rds:DescribeDBInstances`` each
time, so a replaced or failed-over instance needs no update of the secret. The same call names
the RDS-managed master secret (``MasterUserSecret``), used only when the user cannot log in with
any of its own passwords: the first rotation after the database was created (the user does not
exist yet) or after someone changed the password by hand.

Passwords are never logged. The new password reaches PostgreSQL only as a SCRAM-SHA-256 verifier,
so it appears in no server log even with ``log_statement = 'ddl'``.
"""

import base64
import hashlib
import hmac
import json
import logging
import os
import ssl

import boto3
from botocore.exceptions import ClientError

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

CURRENT = "AWSCURRENT"
PENDING = "AWSPENDING"
PREVIOUS = "AWSPREVIOUS"

# Characters a PostgreSQL password must not contain here: quotes and backslash (SQL and
# connection strings), / and @ (URLs) and space. The provisioner generates the first password
# with the same exclusions.
EXCLUDED_CHARACTERS = "\"@/\\' "
DEFAULT_PASSWORD_LENGTH = 32
SCRAM_ITERATIONS = 4096
CONNECT_TIMEOUT_SECONDS = 5
# Where a CA bundle that includes the RDS certificate authorities can be found: a bundle shipped
# in this package (AWS's global-bundle.pem, renamed) first, then the runtime's system bundle.
CA_BUNDLES = (
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "rds-ca-bundle.pem"),
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
)
REQUIRED_KEYS = ("engine", "username", "password", "dbname", "port", "dbInstanceIdentifier")


class RotationError(Exception):
    """A rotation step cannot complete; the message says why (never with a password)."""


def lambda_handler(event, context):
    secret_id = event["SecretId"]
    token = event["ClientRequestToken"]
    step = event["Step"]
    secrets = boto3.client("secretsmanager", endpoint_url=os.environ.get("SECRETS_MANAGER_ENDPOINT"))

    metadata = secrets.describe_secret(SecretId=secret_id)
    if not metadata.get("RotationEnabled"):
        raise RotationError(f"rotation is not enabled for secret {secret_id}")
    stages = metadata.get("VersionIdsToStages", {})
    if token not in stages:
        raise RotationError(f"secret {secret_id} has no version {token} to rotate to")
    if CURRENT in stages[token]:
        LOG.info("version is already AWSCURRENT, nothing to do [secret=%s] [version=%s] [step=%s]",
                 secret_id, token, step)
        return
    if PENDING not in stages[token]:
        raise RotationError(f"version {token} of secret {secret_id} is not AWSPENDING")

    steps = {
        "createSecret": create_secret,
        "setSecret": set_secret,
        "testSecret": test_secret,
        "finishSecret": finish_secret,
    }
    if step not in steps:
        raise RotationError(f"unknown rotation step {step!r}")
    LOG.info("rotation step [secret=%s] [version=%s] [step=%s]", secret_id, token, step)
    steps[step](Rotation(secrets, secret_id, token, metadata))


class Rotation:
    """One rotation: the secret, the version being rotated to, and the clients it needs."""

    def __init__(self, secrets, secret_id, token, metadata):
        self.secrets = secrets
        self.secret_id = secret_id
        self.token = token
        self.metadata = metadata

    def value(self, stage, version_id=None):
        """The secret's JSON at a stage (and version), or None when that version has no value."""
        request = {"SecretId": self.secret_id, "VersionStage": stage}
        if version_id:
            request["VersionId"] = version_id
        try:
            text = self.secrets.get_secret_value(**request)["SecretString"]
        except ClientError as e:
            if e.response["Error"]["Code"] == "ResourceNotFoundException":
                return None
            raise
        return parse_secret(text, f"{stage} version of {self.secret_id}")

    def current(self):
        value = self.value(CURRENT)
        if value is None:
            raise RotationError(f"secret {self.secret_id} has no AWSCURRENT value")
        return value

    def pending(self):
        return self.value(PENDING, self.token)

    def previous(self):
        return self.value(PREVIOUS)


def create_secret(rotation):
    current = rotation.current()
    if rotation.pending() is not None:
        LOG.info("pending version already has a value [secret=%s] [version=%s]",
                 rotation.secret_id, rotation.token)
        return
    pending = dict(current)
    pending["password"] = new_password(rotation.secrets, len(current["password"]))
    try:
        rotation.secrets.put_secret_value(
            SecretId=rotation.secret_id,
            ClientRequestToken=rotation.token,
            SecretString=json.dumps(pending),
            VersionStages=[PENDING],
        )
    except ClientError as e:
        # A retried createSecret whose first PutSecretValue went through: the version exists now.
        if e.response["Error"]["Code"] != "ResourceExistsException" or rotation.pending() is None:
            raise
    LOG.info("created pending version [secret=%s] [version=%s]", rotation.secret_id, rotation.token)


def set_secret(rotation):
    pending = rotation.pending()
    if pending is None:
        raise RotationError(f"version {rotation.token} of {rotation.secret_id} has no value; "
                            "createSecret did not run")
    current = rotation.current()
    for key in ("engine", "username", "dbname", "dbInstanceIdentifier"):
        if pending.get(key) != current.get(key):
            raise RotationError(f"the pending version of {rotation.secret_id} changes '{key}'; "
                                "single-user rotation only changes the password")
    database = Database.find(pending)

    if database.can_log_in(pending):
        LOG.info("pending password already set [secret=%s] [user=%s]", rotation.secret_id, pending["username"])
        return
    for label, known in (("current", current), ("previous", rotation.previous())):
        if known is not None and known.get("username") == pending["username"]:
            connection = database.try_connect(known)
            if connection is not None:
                with closing(connection):
                    set_password(connection, pending["username"], pending["password"])
                LOG.info("password set by the user itself [secret=%s] [user=%s] [with=%s]",
                         rotation.secret_id, pending["username"], label)
                return
    with closing(database.connect_as_master(rotation.secrets)) as connection:
        create_or_update_user(connection, pending)
    LOG.info("password set through the master user [secret=%s] [user=%s]",
             rotation.secret_id, pending["username"])


def test_secret(rotation):
    pending = rotation.pending()
    if pending is None:
        # A configuration test (RotateSecret with RotateImmediately=false) whose pending version
        # carries no value: what can be tested is the current login.
        pending = rotation.current()
    database = Database.find(pending)
    connection = database.try_connect(pending)
    if connection is None:
        raise RotationError(f"user {pending['username']} cannot log in to {database} with the pending "
                            f"password of {rotation.secret_id}")
    with closing(connection):
        user = connection.run("SELECT current_user")[0][0]
    if user != pending["username"]:
        raise RotationError(f"logged in as {user}, expected {pending['username']}")
    LOG.info("pending password works [secret=%s] [user=%s]", rotation.secret_id, user)


def finish_secret(rotation):
    current_version = None
    for version, stages in rotation.metadata.get("VersionIdsToStages", {}).items():
        if CURRENT in stages:
            current_version = version
            break
    if current_version == rotation.token:
        return
    request = {"SecretId": rotation.secret_id, "VersionStage": CURRENT, "MoveToVersionId": rotation.token}
    if current_version is not None:
        request["RemoveFromVersionId"] = current_version
    rotation.secrets.update_secret_version_stage(**request)
    LOG.info("pending version is now AWSCURRENT [secret=%s] [version=%s] [previous=%s]",
             rotation.secret_id, rotation.token, current_version)


# ------------------------------------------------------------------ database


class Database:
    """The RDS instance named by a secret, found with DescribeDBInstances."""

    def __init__(self, identifier, host, port, dbname, master_username, master_secret_arn):
        self.identifier = identifier
        self.host = host
        self.port = port
        self.dbname = dbname
        self.master_username = master_username
        self.master_secret_arn = master_secret_arn

    @staticmethod
    def find(secret):
        identifier = secret["dbInstanceIdentifier"]
        rds = boto3.client("rds")
        try:
            instances = rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"]
        except ClientError as e:
            if e.response["Error"]["Code"] == "DBInstanceNotFound":
                raise RotationError(f"database instance {identifier} does not exist (yet)") from None
            raise
        instance = instances[0]
        endpoint = instance.get("Endpoint") or {}
        if not endpoint.get("Address"):
            raise RotationError(f"database instance {identifier} has no endpoint yet "
                                f"(status {instance.get('DBInstanceStatus')})")
        port = int(endpoint.get("Port") or secret["port"])
        if port != int(secret["port"]):
            LOG.warning("the secret names another port than the instance [instance=%s] [secretPort=%s] "
                        "[instancePort=%s]", identifier, secret["port"], port)
        master_secret = (instance.get("MasterUserSecret") or {}).get("SecretArn")
        return Database(identifier, endpoint["Address"], port, secret["dbname"],
                        instance.get("MasterUsername"), master_secret)

    def __str__(self):
        return f"{self.identifier} ({self.host}:{self.port}/{self.dbname})"

    def try_connect(self, secret):
        """A connection as the secret's user, or None when that password is not accepted."""
        return self._connect(secret["username"], secret["password"], quiet=True)

    def can_log_in(self, secret):
        connection = self.try_connect(secret)
        if connection is None:
            return False
        connection.close()
        return True

    def connect_as_master(self, secrets):
        if not self.master_secret_arn:
            raise RotationError(
                f"the user cannot log in with its current or previous password and {self.identifier} "
                "has no RDS-managed master secret (ManageMasterUserPassword) to set it with")
        text = secrets.get_secret_value(SecretId=self.master_secret_arn)["SecretString"]
        master = parse_secret(text, f"master secret of {self.identifier}", ("username", "password"))
        connection = self._connect(master.get("username") or self.master_username, master["password"], quiet=False)
        return connection

    def _connect(self, user, password, quiet):
        import pg8000.native  # packaged next to this file, see README.md

        try:
            return pg8000.native.Connection(
                user=user,
                password=password,
                host=self.host,
                port=self.port,
                database=self.dbname,
                ssl_context=ssl_context(),
                timeout=CONNECT_TIMEOUT_SECONDS,
                application_name="secrets-manager-rotation",
            )
        except pg8000.native.DatabaseError as e:
            # 28P01: invalid password; 28000: no such role / not allowed to log in.
            code = e.args[0].get("C") if e.args and isinstance(e.args[0], dict) else None
            if quiet and code in ("28P01", "28000"):
                LOG.info("login refused [instance=%s] [user=%s] [code=%s]", self.identifier, user, code)
                return None
            raise RotationError(f"cannot log in to {self} as {user}: "
                                f"{code or type(e).__name__}") from None


def ssl_context():
    """TLS with certificate and host name verification (RDS can force TLS with rds.force_ssl)."""
    for bundle in CA_BUNDLES:
        if os.path.isfile(bundle):
            return ssl.create_default_context(cafile=bundle)
    return ssl.create_default_context()


def set_password(connection, username, password):
    from pg8000.native import identifier, literal

    connection.run(f"ALTER ROLE {identifier(username)} WITH PASSWORD {literal(scram_verifier(password))}")


def create_or_update_user(connection, secret):
    """As the master user: the login role with the pending password, created when missing."""
    from pg8000.native import identifier, literal

    username = secret["username"]
    verifier = literal(scram_verifier(secret["password"]))
    exists = connection.run("SELECT 1 FROM pg_roles WHERE rolname = :name", name=username)
    if exists:
        connection.run(f"ALTER ROLE {identifier(username)} WITH LOGIN PASSWORD {verifier}")
        return
    connection.run(f"CREATE ROLE {identifier(username)} WITH LOGIN PASSWORD {verifier}")
    connection.run(f"GRANT CONNECT, TEMPORARY ON DATABASE {identifier(secret['dbname'])} TO {identifier(username)}")
    connection.run(f"GRANT USAGE, CREATE ON SCHEMA public TO {identifier(username)}")
    LOG.info("created login role [user=%s] [dbname=%s]", username, secret["dbname"])


def scram_verifier(password, salt=None, iterations=SCRAM_ITERATIONS):
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 / RFC 7677).

    Handing ALTER ROLE the verifier instead of the password keeps the password out of the
    server's statement logs. Generated passwords are printable ASCII, which SASLprep leaves as is.
    """
    salt = os.urandom(16) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data):
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


# ------------------------------------------------------------------ helpers


def new_password(secrets, length):
    length = max(int(os.environ.get("PASSWORD_LENGTH") or length or DEFAULT_PASSWORD_LENGTH), 16)
    return secrets.get_random_password(
        PasswordLength=length,
        ExcludeCharacters=EXCLUDED_CHARACTERS,
        RequireEachIncludedType=True,
    )["RandomPassword"]


def parse_secret(text, what, required=REQUIRED_KEYS):
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        raise RotationError(f"the {what} is not JSON") from None
    if not isinstance(value, dict):
        raise RotationError(f"the {what} is not a JSON object")
    missing = [key for key in required if key not in value]
    if missing:
        raise RotationError(f"the {what} lacks {', '.join(missing)}")
    if "engine" in required and value["engine"] != "postgres":
        raise RotationError(f"the {what} is for engine {value['engine']!r}; this function rotates postgres")
    return value


class closing:
    """Closes a pg8000 connection at the end of a with block, ignoring errors on close."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, *exc):
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - the connection is gone either way
            pass
        return False
