"""On an adopted plan no page offers a form that would then refuse to save (403)."""

import re
from datetime import date

from openpiao.plans.models import Plan
from tests.crawl import linked_pages

SELF_POSTING = re.compile(r'<form method="post"(?![^>]*action=)')


def test_adopted_plan_offers_no_form_it_would_refuse(secretary_client, casorate):
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="5", resolution_date=date(2024, 1, 30)
    )
    pages, refused = 0, []
    for address, html in linked_pages(secretary_client, "/enti/casorate-primo/piani/2024/"):
        pages += 1
        if SELF_POSTING.search(html) and secretary_client.post(address, {}).status_code == 403:
            refused.append(address)
    assert pages > 40
    assert not refused, f"Moduli offerti su un piano adottato che poi rifiutano il salvataggio: {refused}"
