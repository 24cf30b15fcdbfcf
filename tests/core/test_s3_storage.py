"""Stored files on S3-compatible storage, for real over HTTP: a moto S3 server started by the
test (ThreadedMotoServer, a local endpoint on this project's port range), the settings built from
the STORAGE_S3_* variables, and a print, a frozen version's files and the health page going
through it; the backup walks the bucket too."""

import json

import boto3
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from moto.server import ThreadedMotoServer

from openpiao.core.backup import file_hashes
from openpiao.core.files import local_path
from openpiao.documents.models import PlanVersion, frozen_files
from openpiao.plans.access import plan_url
from tests.core.test_settings import run_django
from tests.factories import png_image

PORT = 8111
ENDPOINT = f"http://127.0.0.1:{PORT}"
S3_ENVIRONMENT = {
    "STORAGE_S3_BUCKET": "openpiao-test",
    "STORAGE_S3_ENDPOINT_URL": ENDPOINT,
    "STORAGE_S3_REGION": "eu-south-1",
    "STORAGE_S3_ACCESS_KEY": "prova",
    "STORAGE_S3_SECRET_KEY": "prova-segreta",
}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        region_name="eu-south-1",
        aws_access_key_id="prova",
        aws_secret_access_key="prova-segreta",
    )
    client.create_bucket(
        Bucket="openpiao-test", CreateBucketConfiguration={"LocationConstraint": "eu-south-1"}
    )
    yield client
    server.stop()


@pytest.fixture
def s3_storages(s3_server, tmp_path, settings):
    """The STORAGES the settings module builds from the STORAGE_S3_* variables."""
    result = run_django(
        "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))",
        tmp_path,
        DJANGO_DEBUG="1",
        **S3_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout.strip().splitlines()[-1])
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "openpiao-test"
    assert default["OPTIONS"]["file_overwrite"] is False
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield s3_server


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket="openpiao-test").get("Contents", [])}


def test_prints_and_frozen_versions_go_to_the_bucket(s3_storages, secretary_client, casorate):
    client = s3_storages
    # A print from the page (the suite's tasks run at once): stored in the bucket, served back.
    objective = casorate.objectives.order_by("number").first()
    response = secretary_client.get(plan_url(casorate, "documents:print_objective", objective.pk, "docx"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    printed = [key for key in _keys(client) if key.startswith("stampe/casorate-primo/2024/")]
    assert len(printed) == 1
    body = client.get_object(Bucket="openpiao-test", Key=printed[0])["Body"].read()
    assert body == response.content
    # A frozen version's files, downloaded from the page as stored.
    version = PlanVersion.objects.create(
        plan=casorate,
        number=1,
        resolution_number="5",
        resolution_date="2024-01-30",
        **frozen_files(casorate, data=b"{}", pdf=b"%PDF-1.7 congelato", docx=b"PK"),
    )
    assert version.pdf.name in _keys(client)
    pdf = secretary_client.get(plan_url(casorate, "documents:version_file", 1, "pdf"))
    assert pdf.content == b"%PDF-1.7 congelato"
    # The backup reads the same files from the bucket.
    assert file_hashes()[version.pdf.name] == version.pdf_sha256
    # The health page writes and deletes its test file there.
    assert secretary_client.get("/salute/").json()["storage"] == "ok"


def test_the_coat_of_arms_prints_from_the_bucket(s3_storages, casorate):
    arms = casorate.organization.coat_of_arms
    arms.save("prova.png", ContentFile(png_image()), save=False)
    assert arms.name in _keys(s3_storages)
    with open(local_path(arms), "rb") as handle:  # no path in S3: a local copy, named by content
        assert handle.read() == png_image()
