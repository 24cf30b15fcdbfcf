"""Atom feeds of the publications: every adopted version is an entry (overall and per ente)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

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
        return selectors.latest_versions()

    def item_title(self, version):
        return f"{version.plan.organization.name} — {version.plan.display_title} (versione {version.number})"

    def item_description(self, version):
        return (
            f"Adottato con delibera n. {version.resolution_number} del {version.resolution_date:%d/%m/%Y}. "
            f"PDF, SHA-256 {version.pdf_sha256}."
        )

    def item_link(self, version):
        return reverse(
            "publication:version",
            args=[version.plan.organization.slug, version.plan.first_year, version.number],
        )

    def item_pubdate(self, version):
        return version.created_at

    def item_updateddate(self, version):
        return version.created_at


class OrganizationPublications(Publications):
    def get_object(self, request, org):
        return selectors.organization_with_publications(org)

    def title(self, organization):
        return f"{organization.name} — piani pubblicati"

    def link(self, organization):
        return reverse("publication:organization", args=[organization.slug])

    def items(self, organization):
        return selectors.latest_versions(organization)
