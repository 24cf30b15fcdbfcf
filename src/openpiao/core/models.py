from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from openpiao.organizations.models import Organization


def person_name(user) -> str:
    """How a user is named in the records that outlive it: «Mario Rossi (mrossi)»."""
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class AuditEvent(models.Model):
    """Who changed what: every service that writes leaves one row.

    The row outlives its ente and its user: both names are copied into it when it is written.
    The ente is SET_NULL rather than CASCADE (the record of who did what must survive) or
    PROTECT (an ente that ever saved anything could never be removed, e.g. one created by
    mistake); an ente with an adopted plan cannot be deleted anyway (PlanVersion protects it).
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name="ente",
    )
    organization_name = models.CharField("denominazione dell'ente", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="utente"
    )
    user_name = models.CharField("nome dell'utente", max_length=300, blank=True)
    action = models.CharField("azione", max_length=80)
    object_type = models.CharField("oggetto", max_length=80, blank=True)
    object_id = models.CharField("identificativo", max_length=40, blank=True)
    details = models.JSONField("dettagli", default=dict, blank=True)
    created_at = models.DateTimeField("quando", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "evento di registro"
        verbose_name_plural = "registro delle modifiche"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.organization_id and not self.organization_name:
                self.organization_name = self.organization.name
            if self.user_id and not self.user_name:
                self.user_name = person_name(self.user)
        super().save(*args, **kwargs)


def take_organizations(rows) -> None:
    """Give each row its ente from the row it belongs to (`organization_from`): from the cached
    parent when there is one, else with one query per kind of parent for all the rows together
    (bulk_create skips save())."""
    missing: dict[type, list[tuple]] = {}  # parent model → [(row, parent id)]
    for row in rows:
        field = row._meta.get_field(row.organization_from)
        parent_id = getattr(row, field.attname)
        if parent_id is None:
            continue
        if field.is_cached(row):
            row.take_organization()
        else:
            missing.setdefault(field.related_model, []).append((row, parent_id))
    for parent_model, waiting in missing.items():
        ids = {parent_id for _, parent_id in waiting}
        owners = dict(parent_model._base_manager.filter(pk__in=ids).values_list("pk", "organization_id"))
        for row, parent_id in waiting:
            row.organization_id = owners.get(parent_id)


class OwnedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        take_organizations(objs)
        return super().bulk_create(objs, *args, **kwargs)


class OrganizationOwned(models.Model):
    """A row of one ente, which it takes from the row it belongs to, never from the caller.

    `organization_from` names that link: the plan (PlanOwned), or a parent row that has its own
    ente (an indicator's objective, an event's process). The ente is set on validation and on
    save, and a value set by hand is replaced: a row cannot carry an ente other than its parent's.
    Every table keeps the column, so each query can be scoped by ente without a join.
    """

    organization_from: str

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="ente",
        editable=False,
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.take_organization()
        super().save(*args, **kwargs)
        self._stored_owner = self._owner_of()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_owner = instance._owner_of()
        return instance

    def _owner_of(self) -> tuple:
        """The ente and the parent as loaded: a row loaded with both unchanged needs no query."""
        attname = self._meta.get_field(self.organization_from).attname
        return self.__dict__.get("organization_id"), self.__dict__.get(attname)

    def take_organization(self, *, fetch: bool = True) -> None:
        """Set the ente from the parent: at no cost when the parent is cached; otherwise, when
        `fetch`, with one query for a new row or one whose ente or parent changed."""
        name = self.organization_from
        field = self._meta.get_field(name)
        if getattr(self, field.attname) is None:
            return  # validation reports the missing parent
        if not field.is_cached(self):
            unchanged = not self._state.adding and self._owner_of() == getattr(self, "_stored_owner", None)
            if unchanged or not fetch:
                return
        try:
            parent = getattr(self, name)
        except ObjectDoesNotExist:
            return  # validation reports the parent that does not exist
        if parent._meta.get_field("organization").is_cached(parent):
            self.organization = parent.organization
        else:
            self.organization_id = parent.organization_id

    def full_clean(self, exclude=None, *args, **kwargs):
        # A model form leaves the ente out of its checks (it is not one of its fields): there the
        # parent is read only if already at hand, and save() takes the ente in any case.
        self.take_organization(fetch=exclude is None or "organization" not in exclude)
        super().full_clean(exclude, *args, **kwargs)


class PlanOwned(OrganizationOwned):
    """A row of a plan: its ente is the plan's, and `version` counts its saves (core.locking).

    Each model names its own `plan` link when the plan reads its rows by a related name
    (`plan.objectives`) or holds one row at most (a OneToOneField).
    """

    organization_from = "plan"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+", verbose_name="piano")
    version = models.PositiveIntegerField("versione", default=1, editable=False)

    class Meta:
        abstract = True


class CatalogueVersion(models.Model):
    """Which version of a reference catalogue (reference_data) is loaded, and where it comes from."""

    key = models.SlugField("catalogo", max_length=60, unique=True)
    title = models.CharField("titolo", max_length=200)
    version = models.CharField("versione", max_length=40)
    source = models.TextField("fonte")
    license = models.CharField("licenza", max_length=80, blank=True)
    loaded_at = models.DateTimeField("caricato il", auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} v. {self.version}"
