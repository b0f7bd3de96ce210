"""Media in S3-compatible object storage, with moto's standalone server as the bucket.

What several app servers need: an upload stored by one is readable by every other (the
bucket, not a disk), participants-only documents come only through the access-checked view
(streamed, never a redirect to a bucket URL), any URL the storage gives out is signed and
expires, no object is public, and /healthz notices when the storage stops answering.
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from tests.factories import (
    CohortPageFactory,
    DocumentFactory,
    LibraryItemFactory,
    ParticipantFactory,
    RegistrationFactory,
)

BUCKET = "opleiding-media"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto_server():
    moto = Path(sys.executable).parent / "moto_server"
    if not moto.exists():
        pytest.skip("moto[server] is not installed (pip install '.[dev]')")
    port = free_port()
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield {"endpoint": endpoint, "process": process}
    process.terminate()
    process.wait(10)


@pytest.fixture
def s3(moto_server, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=moto_server["endpoint"], region_name="us-east-1")
    try:
        client.create_bucket(Bucket=BUCKET)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": moto_server["endpoint"],
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "querystring_auth": True,
                "signature_version": "s3v4",
                "querystring_expire": 3600,
                "file_overwrite": False,
                "location": "media",
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client


def test_an_upload_lands_in_the_bucket_private_and_with_a_signed_expiring_url(s3, db):
    name = default_storage.save("documents/handreiking.txt", ContentFile(b"Stap 1"))
    stored = s3.get_object(Bucket=BUCKET, Key=f"media/{name}")
    assert stored["Body"].read() == b"Stap 1"
    grants = s3.get_object_acl(Bucket=BUCKET, Key=f"media/{name}")["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=3600" in url


def test_a_participants_only_document_streams_through_the_access_checked_view(s3, client, db):
    document = DocumentFactory(title="Checklist privacy")
    LibraryItemFactory(document=document, participants_only=True)
    assert s3.list_objects_v2(Bucket=BUCKET, Prefix="media/documents/")["KeyCount"] >= 1

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "amazonaws" not in anonymous["Location"]
    assert "127.0.0.1" not in anonymous["Location"]  # to the login page, not the bucket

    cohort = CohortPageFactory()
    participant = ParticipantFactory()
    RegistrationFactory(cohort=cohort, participant=participant)
    client.force_login(participant)
    response = client.get(document.url)
    assert response.status_code == 200  # streamed by the site, not a redirect to the bucket
    assert b"".join(response.streaming_content) == b"Stap 1: signaleren."
    assert response["Content-Disposition"].startswith("attachment")


def test_healthz_fails_when_the_storage_does_not_answer(s3, client, db, moto_server):
    assert client.get("/healthz").status_code == 200
    from django.conf import settings

    broken = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": f"http://127.0.0.1:{free_port()}",  # nobody listens there
            },
        },
    }
    with override_settings(STORAGES=broken), pytest.MonkeyPatch.context() as patch:
        patch.setattr("website.health.logger.exception", lambda *a, **k: None)
        assert client.get("/healthz").status_code == 503
