"""The ente's coat of arms: uploaded once on the ente's page by its amministratore or segretario,
checked as an image, printed on the cover of the plan in DOCX and PDF."""

import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpiao.core.printing.blocks import Image
from openpiao.core.printing.render_docx import render_docx
from openpiao.core.printing.render_pdf import render_pdf
from openpiao.documents.builder import build_document
from openpiao.organizations import models
from openpiao.organizations.models import Organization
from tests.factories import png_image


def _upload(client, plan, content: bytes, name: str = "stemma.png"):
    url = reverse("organizations:coat_of_arms", args=[plan.organization.slug])
    return client.post(url, {"image": SimpleUploadedFile(name, content)})


def test_the_secretary_uploads_it_and_the_ente_page_shows_it(secretary_client, casorate):
    home = reverse("organizations:home", args=[casorate.organization.slug])
    assert "Carica lo stemma" in secretary_client.get(home).content.decode()
    response = _upload(secretary_client, casorate, png_image())
    assert response.status_code == 302 and response["Location"] == home
    organization = Organization.objects.get(pk=casorate.organization.pk)
    # Named after the ente (storage adds a suffix if another test left a file of that name).
    name = organization.coat_of_arms.name
    assert name.startswith("stemmi/casorate-primo") and name.endswith(".png"), name
    html = secretary_client.get(home).content.decode()
    image_url = reverse("organizations:coat_of_arms_image", args=[organization.slug])
    assert f'src="{image_url}"' in html and "Sostituisci lo stemma" in html
    assert b"".join(secretary_client.get(image_url).streaming_content) == png_image()
    # A new one replaces it (JPEG now): the old file goes.
    storage, old = organization.coat_of_arms.storage, organization.coat_of_arms.name
    _upload(secretary_client, casorate, png_image(kind="JPEG"), name="nuovo.jpg")
    organization.refresh_from_db()
    assert organization.coat_of_arms.name == "stemmi/casorate-primo.jpg" and not storage.exists(old)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"non sono un'immagine", "non è un&#x27;immagine leggibile"),
        (png_image(kind="GIF"), "Formato GIF non accettato"),
        (png_image(10, 10), "tra 32 e 4000 pixel"),
    ],
)
def test_what_is_not_a_coat_of_arms_is_refused(secretary_client, casorate, content, message):
    response = _upload(secretary_client, casorate, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organization.objects.get(pk=casorate.organization.pk).coat_of_arms


def test_a_heavy_file_is_refused(secretary_client, casorate, monkeypatch):
    monkeypatch.setattr(models, "COAT_OF_ARMS_MAX_BYTES", 100)
    response = _upload(secretary_client, casorate, png_image(400, 400))
    assert "supera i 2 MB" in response.content.decode()


def test_the_cover_prints_it_in_docx_and_pdf(secretary_client, casorate):
    _upload(secretary_client, casorate, png_image())
    casorate.organization.refresh_from_db()
    document = build_document(casorate)
    cover = document.blocks[
        : next(i for i, b in enumerate(document.blocks) if type(b).__name__ == "PageBreak")
    ]
    assert isinstance(cover[0], Image) and cover[0].alt == "Stemma del Comune di Casorate Primo"
    with zipfile.ZipFile(BytesIO(render_docx(document))) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())
    pdf = render_pdf(document)
    assert re.search(rb"/Subtype\s*/Image", pdf)
