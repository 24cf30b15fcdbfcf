"""Every page's forms render their hidden fields hidden, and post back what they need."""

import lxml.html
import pytest
from django.urls import reverse

from tests.test_tenancy import ARGUMENTS, casorate_rows, ente_urls  # noqa: F401 (fixture)

# Downloads are files, not pages with forms.
FILES = ("fmt",)


@pytest.mark.parametrize("role", ["admin", "evaluator"])
def test_no_page_shows_a_hidden_field_as_a_box(client, casorate, make_member, casorate_rows, role):  # noqa: F811
    client.force_login(make_member(casorate.organization, role))
    shown = {}
    for name, args in ente_urls().items():
        if any(arg in args for arg in FILES):
            continue
        url = reverse(name, kwargs={arg: ARGUMENTS[arg](casorate, casorate_rows) for arg in args})
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
