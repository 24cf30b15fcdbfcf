"""On an adopted plan no page offers a form that would then refuse to save (403)."""

import re
from datetime import date
from urllib.parse import urlparse

from django.urls import resolve

from openpiao.plans.models import Plan

LINK = re.compile(r'href="(/enti/casorate-primo/piani/2024/[^"#?]*)"')
SELF_POSTING = re.compile(r'<form method="post"(?![^>]*action=)')


def test_adopted_plan_offers_no_form_it_would_refuse(secretary_client, casorate):
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="5", resolution_date=date(2024, 1, 30)
    )
    start = "/enti/casorate-primo/piani/2024/"
    queue, seen, kinds, refused = [start], {start}, set(), []
    while queue:
        address = queue.pop()
        response = secretary_client.get(address)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        if SELF_POSTING.search(html) and secretary_client.post(address, {}).status_code == 403:
            refused.append(address)
        for link in LINK.findall(html):
            match = resolve(urlparse(link).path)
            kind = (
                match.view_name,
                tuple(sorted(k for k in match.kwargs if not k.endswith("_id"))),
                match.kwargs.get("table"),
                match.kwargs.get("part"),
            )
            if link not in seen and kind not in kinds:
                seen.add(link)
                kinds.add(kind)
                queue.append(link)
    assert len(kinds) > 40
    assert not refused, f"Moduli offerti su un piano adottato che poi rifiutano il salvataggio: {refused}"
