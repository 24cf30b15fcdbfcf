"""Every page's forms render their hidden fields hidden, and post back what they need."""

import lxml.html
import pytest

from tests.crawl import is_download, organization_urls, url_of


@pytest.mark.parametrize("role", ["admin", "evaluator"])
def test_no_page_shows_a_hidden_field_as_a_box(client, casorate, make_member, casorate_rows, role):
    client.force_login(make_member(casorate.organization, role))
    shown = {}
    for name, args in organization_urls().items():
        url = url_of(name, args, casorate, casorate_rows)
        if is_download(url):  # files, not pages with forms
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        tree = lxml.html.fromstring(page)
        for element in tree.xpath("//input[contains(@name, 'expected_version')]"):
            if element.get("type") != "hidden":
                shown[url] = element.get("name")
        if "Expected version" in page:
            shown[url] = "Expected version"
    assert not shown, f"Campi nascosti mostrati come caselle: {shown}"
