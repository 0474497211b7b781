"""An S3 server for the tests (issue 26, part 3: attachments in S3-compatible object storage).

`PORTAL_TEST_S3_ENDPOINT` (e.g. http://127.0.0.1:9041, the `moto_server` that .ci/run starts for
`make test-s3`) switches every test's default storage to a bucket there (conftest.py `_test_settings`),
each test under its own prefix, as each test otherwise has its own MEDIA_ROOT. Without it,
tests/test_shared_storage.py still runs against S3: moto's server started in this process
(`ThreadedMotoServer`, on a free loopback port), so `make test` exercises the S3 path on every run.

The storage is built by the portal's own `s3_storage` (disclosure_portal/settings.py), the options
production uses. A missing endpoint fails the test that needs it (boto3's connection error): never a skip.
"""

import functools
import logging
import os
import uuid

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

from disclosure_portal.settings import s3_storage

ENDPOINT_VARIABLE = "PORTAL_TEST_S3_ENDPOINT"
BUCKET = "portal-test"
REGION = "us-east-1"
KEYS = {"AWS_ACCESS_KEY_ID": "portal-test", "AWS_SECRET_ACCESS_KEY": "portal-test-secret"}


def given_endpoint() -> str:
    """The S3 endpoint every test's storage uses, or "" (the local MEDIA_ROOT)."""
    return os.environ.get(ENDPOINT_VARIABLE, "").strip()


@functools.cache
def in_process_endpoint() -> str:
    """moto's S3 server in a thread of this process, started once (about 0.5 s), on a free port."""
    # moto's server pulls in Flask and every service's models: imported only when a test needs it.
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the tests' output
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return f"http://{host}:{port}"


def endpoint() -> str:
    """The given endpoint, else the in-process one."""
    return given_endpoint() or in_process_endpoint()


def client(url: str):
    """A plain boto3 client, to look at the bucket without django-storages."""
    return boto3.client(
        "s3",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )


_ready: dict[str, str | Exception] = {}


def bucket(url: str) -> str:
    """The tests' bucket at `url`, created once per process (another xdist worker may create it first). An
    endpoint that did not answer fails every later test at once, without boto3's retries again."""
    if url not in _ready:
        s3 = client(url)
        try:
            try:
                s3.head_bucket(Bucket=BUCKET)
            except ClientError:
                try:
                    s3.create_bucket(Bucket=BUCKET)
                except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
                    pass
            _ready[url] = BUCKET
        except BotoCoreError as exc:
            _ready[url] = exc
            raise
    if isinstance(_ready[url], Exception):
        raise RuntimeError(f"S3 endpoint {url} did not answer (see the first failing test)") from _ready[url]
    return BUCKET


@functools.cache
def _session(access_key: str, secret_key: str) -> boto3.Session:
    return boto3.Session(aws_access_key_id=access_key, aws_secret_access_key=secret_key)


class SessionSharingS3Storage(S3Storage):
    """django-storages' S3Storage with one boto3 session per process. Each test has a new storage (its own
    prefix), and a new session reads botocore's service models again: ~0.25 s a test, 3-4× the time of the
    attachment tests. Only where the session comes from differs; every request is the production one's."""

    def _create_session(self):
        return _session(self.access_key, self.secret_key)


def storage_settings(url: str) -> dict:
    """STORAGES["default"] for a test: the portal's S3 options, this test's own prefix in the bucket."""
    env = {
        "AWS_S3_ENDPOINT_URL": url,
        "AWS_STORAGE_BUCKET_NAME": bucket(url),
        "AWS_S3_REGION_NAME": REGION,
        "AWS_LOCATION": f"test-{uuid.uuid4().hex}",
        **KEYS,
    }
    storage = s3_storage(env)
    assert storage["BACKEND"] == f"{S3Storage.__module__}.{S3Storage.__name__}"
    return storage | {"BACKEND": f"{__name__}.{SessionSharingS3Storage.__name__}"}


def stored_names(storage=None) -> list[str]:
    """Every file in the storage (default: the test's default storage), by name, whatever its backend."""
    storage = storage or default_storage
    found: list[str] = []

    def walk(folder: str) -> None:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # a MEDIA_ROOT nothing was ever written to
            return
        found.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for name in folders:
            walk(f"{folder}/{name}".lstrip("/"))

    walk("")
    return sorted(found)


def read(name: str, storage=None) -> bytes:
    """A stored file's bytes, through the storage API (never a path on disk)."""
    with (storage or default_storage).open(name, "rb") as handle:
        return handle.read()


def put_files(folder) -> None:
    """Every file under `folder` (a pathlib.Path) into the default storage, under its relative name."""
    for path in sorted(path for path in folder.rglob("*") if path.is_file()):
        with path.open("rb") as handle:
            default_storage.save(path.relative_to(folder).as_posix(), File(handle))
