"""Atom feeds of the publications (overall and per ente): every adopted version is an entry,
and so is the Relazione sulla performance validated by the Nucleo (the one in force)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from openpiao.evaluation.models import ReportValidation

from . import selectors


class Publications(Feed):
    feed_type = Atom1Feed
    title = "OpenPIAO — piani pubblicati"
    subtitle = (
        "I piani adottati dagli enti: una voce per ogni versione adottata (delibera, PDF e dati aperti)."
    )
    author_name = "OpenPIAO"

    def link(self):
        return reverse("publication:index")

    def items(self):
        return _newest_first(selectors.latest_versions(), selectors.latest_relazioni())

    def item_title(self, item):
        if isinstance(item, ReportValidation):
            return (
                f"{item.plan.organization.name} — Relazione sulla performance {item.plan.reference_year} "
                "validata dal Nucleo di valutazione"
            )
        return f"{item.plan.organization.name} — {item.plan.display_title} (versione {item.number})"

    def item_description(self, item):
        if isinstance(item, ReportValidation):
            return f"Validata il {item.validated_at:%d/%m/%Y}. PDF, SHA-256 {item.pdf_sha256}."
        return (
            f"Adottato con delibera n. {item.resolution_number} del {item.resolution_date:%d/%m/%Y}. "
            f"PDF, SHA-256 {item.pdf_sha256}."
        )

    def item_link(self, item):
        args = [item.plan.organization.slug, item.plan.first_year]
        if isinstance(item, ReportValidation):
            return reverse("publication:relazione", args=[*args, "pdf"])
        return reverse("publication:version", args=[*args, item.number])

    def item_guid(self, item):
        # The Relazione's address stays the same across validations: its file's SHA-256 tells them apart.
        if isinstance(item, ReportValidation):
            return f"{self.item_link(item)}#sha256-{item.pdf_sha256}"
        return self.item_link(item)

    def item_pubdate(self, item):
        return _date(item)

    def item_updateddate(self, item):
        return _date(item)


def _date(item):
    return item.validated_at if isinstance(item, ReportValidation) else item.created_at


def _newest_first(versions, relazioni, limit: int = 50) -> list:
    return sorted([*versions, *relazioni], key=_date, reverse=True)[:limit]


class OrganizationPublications(Publications):
    def get_object(self, request, org):
        return selectors.organization_with_publications(org)

    def title(self, organization):
        return f"{organization.name} — piani pubblicati"

    def link(self, organization):
        return reverse("publication:organization", args=[organization.slug])

    def items(self, organization):
        return _newest_first(
            selectors.latest_versions(organization), selectors.latest_relazioni(organization)
        )
