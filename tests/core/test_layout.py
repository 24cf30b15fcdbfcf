"""What every page shares: breadcrumbs that end on the page itself, the favicon."""

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from tests.crawl import is_download, organization_urls, url_of

CRUMBS = "//nav[contains(@class, 'breadcrumb-container')]//li[contains(@class, 'breadcrumb-item')]"
SEPARATOR = ".//*[contains(@class, 'separator')]"


def organization_pages(client, casorate, rows):
    """(url, parsed page) of every ente URL that answers a GET with an HTML page."""
    for name, args in sorted(organization_urls().items()):
        url = url_of(name, args, casorate, rows)
        if is_download(url):
            continue
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            yield url, lxml.html.fromstring(response.content.decode())


@pytest.mark.parametrize("role", ["admin", "reader"])
def test_breadcrumbs_end_on_the_page_without_a_dangling_separator(
    client,
    casorate,
    make_member,
    casorate_rows,
    role,
):
    client.force_login(make_member(casorate.organization, role))
    wrong, seen = {}, 0
    parents = {
        casorate.organization.name: reverse("organizations:home", args=[casorate.organization.slug]),
        casorate.display_title: reverse(
            "plans:detail", args=[casorate.organization.slug, casorate.first_year]
        ),
    }
    for url, page in organization_pages(client, casorate, casorate_rows):
        items = page.xpath(CRUMBS)
        if not items:
            continue
        seen += 1
        last = items[-1]
        if last.xpath(SEPARATOR) or last.get("aria-current") != "page" or last.xpath(".//a"):
            wrong[url] = lxml.html.tostring(last, encoding="unicode").strip()
        separators = [item for item in items[:-1] if not item.xpath(SEPARATOR)]
        if separators:
            wrong[url] = "voce intermedia senza separatore"
        # The page itself ends the path, not the ente or the plan it belongs to.
        here = last.text_content().strip()
        if here in parents and parents[here] != url:
            wrong[url] = f"la pagina non ha un nome nel percorso: finisce con «{here}»"
    assert seen >= 30
    assert wrong == {}


def test_the_favicon_is_served(client, casorate, make_member):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("openpiao/favicon.ico")
    assert finders.find("openpiao/favicon.ico") and finders.find("openpiao/favicon.svg")
    client.force_login(make_member(casorate.organization, "reader"))
    page = lxml.html.fromstring(client.get(reverse("organizations:list")).content.decode())
    icons = [link.get("href") for link in page.xpath("//head/link[@rel='icon']")]
    assert static("openpiao/favicon.svg") in icons and static("openpiao/favicon.ico") in icons
