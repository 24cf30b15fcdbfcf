from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from .history import History
from .ranges import YEAR


def person_name(user) -> str:
    """How a user is named in the records that outlive it: «Mario Rossi (mrossi)»."""
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class Action(models.TextChoices):
    """What an audit row records: a code in English, what the log shows in Italian.

    Each write of the product names one of these; the specifics (which row, which table, the
    counts) go in the row's `details`. The Italian labels are the sentences the log used to store.
    """

    # Ente, plan, structure
    ORGANIZATION_CREATED = "organization_created", "ente creato dall'operatore del servizio"
    ORGANIZATION_CHANGED = "organization_changed", "ente modificato"
    # People and access
    INVITATION_SENT = "invitation_sent", "invito inviato"
    INVITATION_RESENT = "invitation_resent", "invito inviato di nuovo"
    INVITATION_CANCELLED = "invitation_cancelled", "invito annullato"
    INVITATION_ACCEPTED = "invitation_accepted", "invito accettato"
    API_TOKEN_CREATED = "api_token_created", "chiave API creata"
    API_TOKEN_REVOKED = "api_token_revoked", "chiave API revocata"
    MEMBER_ROLE_CHANGED = "member_role_changed", "ruolo modificato"
    MEMBER_REVOKED = "member_revoked", "accesso revocato"
    UNIT_EDITORS_CHANGED = "unit_editors_changed", "unità assegnate al responsabile"
    PLAN_CREATED = "plan_created", "piano creato"
    PLAN_CHANGED = "plan_changed", "piano modificato"
    PLAN_IMPORTED = "plan_imported", "piano importato"
    PLAN_ROLLED_OVER = "plan_rolled_over", "piano creato dal precedente"
    UNIT_SAVED = "unit_saved", "unità salvata"
    UNIT_RESOURCE_SAVED = "unit_resource_saved", "risorsa dell'unità salvata"
    UNIT_RESOURCE_DELETED = "unit_resource_deleted", "risorsa dell'unità eliminata"
    EMPLOYEE_SAVED = "employee_saved", "dipendente salvato"
    # Document, adoption, publication
    SECTION_TEXT_SAVED = "section_text_saved", "testo della sezione salvato"
    PLAN_ADOPTED = "plan_adopted", "piano adottato"
    PLAN_REOPENED = "plan_reopened", "piano riaperto per modifica"
    PLAN_PUBLISHED = "plan_published", "piano pubblicato"
    # Deadline calendar (scadenzario)
    DEADLINE_DONE = "deadline_done", "scadenza segnata come svolta"
    DEADLINE_REOPENED = "deadline_reopened", "scadenza riaperta"
    # Performance (Sezione 2.1-2.2)
    STRATEGIC_OBJECTIVE_CREATED = "strategic_objective_created", "obiettivo strategico creato"
    STRATEGIC_OBJECTIVE_CHANGED = "strategic_objective_changed", "obiettivo strategico modificato"
    OBJECTIVE_CREATED = "objective_created", "obiettivo creato"
    OBJECTIVE_CHANGED = "objective_changed", "obiettivo modificato"
    OBJECTIVE_DELETED = "objective_deleted", "obiettivo eliminato"
    OBJECTIVE_INDICATORS_SAVED = "objective_indicators_saved", "obiettivo modificato: indicatori"
    OBJECTIVE_PHASES_SAVED = "objective_phases_saved", "obiettivo modificato: fasi"
    OBJECTIVE_STAFF_SAVED = "objective_staff_saved", "obiettivo modificato: personale coinvolto"
    OBJECTIVE_RESOURCES_SAVED = "objective_resources_saved", "obiettivo modificato: risorse aggiuntive"
    INDICATOR_CHANGED = "indicator_changed", "indicatore modificato"
    # Measurement cycle
    REVIEW_CREATED = "review_created", "verifica inserita"
    REVIEW_CHANGED = "review_changed", "verifica modificata"
    JUDGEMENTS_SAVED = "judgements_saved", "giudizi del Nucleo inseriti"
    DECISIONS_SAVED = "decisions_saved", "valori attribuiti ed esclusioni del Nucleo"
    SCALE_SAVED = "scale_saved", "fasce di punteggio di un indicatore"
    REVIEW_VALIDATED = "review_validated", "verifica finale validata"
    REVISION_OPENED = "revision_opened", "nuova revisione di una verifica validata"
    EVALUATION_SYSTEM_CREATED = "evaluation_system_created", "sistema di valutazione impostato"
    EVALUATION_SYSTEM_CHANGED = "evaluation_system_changed", "sistema di valutazione modificato"
    EVALUATION_SYSTEM_PRESET = "evaluation_system_preset", "sistema di valutazione da modello"
    BEHAVIOUR_ASSESSMENT_CREATED = "behaviour_assessment_created", "valutazione dei comportamenti inserita"
    BEHAVIOUR_ASSESSMENT_CHANGED = "behaviour_assessment_changed", "valutazione dei comportamenti modificata"
    BONUS_FUNDS_SAVED = "bonus_funds_saved", "fondi per la performance modificati"
    EMPLOYEE_ACCOUNTS_LINKED = "employee_accounts_linked", "utenti dei dipendenti collegati"
    REPORT_VALIDATED = "report_validated", "Relazione sulla performance validata"
    # Risk (Sottosezione 2.3)
    STARTER_MAP_ADOPTED = "starter_map_adopted", "mappa tipo adottata"
    PROCESS_CREATED = "process_created", "processo creato"
    PROCESS_CHANGED = "process_changed", "processo modificato"
    PROCESS_DELETED = "process_deleted", "processo eliminato"
    RISK_ASSESSMENT_SAVED = "risk_assessment_saved", "valutazione del rischio salvata"
    MEASURE_CREATED = "measure_created", "misura creata"
    MEASURE_CHANGED = "measure_changed", "misura modificata"
    MONITORING_RECORDED = "monitoring_recorded", "monitoraggio registrato"
    RISK_SETTINGS_SAVED = "risk_settings_saved", "impostazioni dei rischi salvate"
    RPCT_REPORT_SAVED = "rpct_report_saved", "relazione del RPCT salvata"
    # Transparency (Sottosezione 2.3)
    TRANSPARENCY_MAP_GENERATED = "transparency_map_generated", "mappa della trasparenza generata"
    DUTY_ASSIGNMENT_SAVED = "duty_assignment_saved", "obbligo di trasparenza aggiornato"
    TRANSPARENCY_SETTINGS_SAVED = "transparency_settings_saved", "impostazioni della trasparenza salvate"
    PUBLICATION_SETTINGS_SAVED = "publication_settings_saved", "licenza dei dati aperti scelta"
    ACCESS_REQUEST_SAVED = "access_request_saved", "registro degli accessi aggiornato"
    OIV_GRID_DUTIES_CHOSEN = "oiv_grid_duties_chosen", "obblighi della griglia OIV scelti"
    OIV_GRID_FILLED = "oiv_grid_filled", "griglia OIV compilata"
    # Sezione 3 and positive actions
    STAFFING_INPUTS_CREATED = "staffing_inputs_created", "dati per la capacità assunzionale inseriti"
    STAFFING_INPUTS_CHANGED = "staffing_inputs_changed", "dati per la capacità assunzionale modificati"
    CESSATION_CREATED = "cessation_created", "cessazione inserita"
    CESSATION_CHANGED = "cessation_changed", "cessazione modificata"
    CESSATION_DELETED = "cessation_deleted", "cessazione eliminata"
    PLANNED_HIRE_CREATED = "planned_hire_created", "assunzione programmata inserita"
    PLANNED_HIRE_CHANGED = "planned_hire_changed", "assunzione programmata modificata"
    PLANNED_HIRE_DELETED = "planned_hire_deleted", "assunzione programmata eliminata"
    POLA_INDICATOR_CREATED = "pola_indicator_created", "indicatore del lavoro agile inserito"
    POLA_INDICATOR_CHANGED = "pola_indicator_changed", "indicatore del lavoro agile modificato"
    POLA_INDICATOR_DELETED = "pola_indicator_deleted", "indicatore del lavoro agile eliminato"
    ACTIVITY_CREATED = "activity_created", "attività mappata inserita"
    ACTIVITY_CHANGED = "activity_changed", "attività mappata modificata"
    ACTIVITY_DELETED = "activity_deleted", "attività mappata eliminata"
    AGREEMENT_CREATED = "agreement_created", "accordo di lavoro agile inserito"
    AGREEMENT_CHANGED = "agreement_changed", "accordo di lavoro agile modificato"
    AGREEMENT_DELETED = "agreement_deleted", "accordo di lavoro agile eliminato"
    TRAINING_PLAN_CREATED = "training_plan_created", "piano della formazione inserito"
    TRAINING_PLAN_CHANGED = "training_plan_changed", "piano della formazione modificato"
    TRAINING_AREA_CREATED = "training_area_created", "area di formazione inserita"
    TRAINING_AREA_CHANGED = "training_area_changed", "area di formazione modificata"
    TRAINING_AREA_DELETED = "training_area_deleted", "area di formazione eliminata"
    COURSE_CREATED = "course_created", "corso inserito"
    COURSE_CHANGED = "course_changed", "corso modificato"
    COURSE_DELETED = "course_deleted", "corso eliminato"
    ENROLMENT_CREATED = "enrolment_created", "iscrizione inserita"
    ENROLMENT_CHANGED = "enrolment_changed", "iscrizione modificata"
    ENROLMENT_DELETED = "enrolment_deleted", "iscrizione eliminata"
    ACTION_AREA_CREATED = "action_area_created", "ambito di azione inserito"
    ACTION_AREA_CHANGED = "action_area_changed", "ambito di azione modificato"
    ACTION_AREA_DELETED = "action_area_deleted", "ambito di azione eliminato"
    POSITIVE_ACTION_CREATED = "positive_action_created", "azione positiva inserita"
    POSITIVE_ACTION_CHANGED = "positive_action_changed", "azione positiva modificata"
    POSITIVE_ACTION_DELETED = "positive_action_deleted", "azione positiva eliminata"
    # Django's admin (the ente's anagrafica and the memberships stay editable there)
    ADMIN_CREATED = "admin_created", "inserimento nell'amministrazione del sito"
    ADMIN_CHANGED = "admin_changed", "modifica nell'amministrazione del sito"
    ADMIN_DELETED = "admin_deleted", "eliminazione nell'amministrazione del sito"


class AuditEvent(models.Model):
    """Who changed what: every service that writes leaves one row.

    The row outlives its ente and its user: both names are copied into it when it is written.
    The ente is SET_NULL rather than CASCADE (the record of who did what must survive) or
    PROTECT (an ente that ever saved anything could never be removed, e.g. one created by
    mistake); an ente with an adopted plan cannot be deleted anyway (PlanVersion protects it).
    """

    organization = models.ForeignKey(
        "organizations.Organization",  # by name: core sits below organizations
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
    action = models.CharField("azione", max_length=80, choices=Action.choices)
    object_type = models.CharField("oggetto", max_length=80, blank=True)
    object_id = models.CharField("identificativo", max_length=40, blank=True)
    details = models.JSONField("dettagli", default=dict, blank=True)
    # A save or delete of one row whose versions the row's history keeps: the register shows
    # that historical record (field by field) in place of this row.
    in_history = models.BooleanField("modifica registrata campo per campo", default=False)
    created_at = models.DateTimeField("quando", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "evento di registro"
        verbose_name_plural = "registro delle modifiche"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        when = f"{self.created_at:%d/%m/%Y %H:%M}"
        return f"{when} {self.get_action_display()} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.organization_id and not self.organization_name:
                self.organization_name = self.organization.name
            if self.user_id and not self.user_name:
                self.user_name = person_name(self.user)
        super().save(*args, **kwargs)


class DataStamp(models.Model):
    """How many audited writes an ente has had: the key under which its plans' computed results
    are cached (`core.caching`). Bumped by `core.audit.record` in the write's own transaction."""

    organization = models.OneToOneField(
        "organizations.Organization",  # by name: core sits below organizations
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name="ente",
    )
    version = models.PositiveBigIntegerField("scritture registrate", default=0, editable=False)

    class Meta:
        verbose_name = "contatore delle modifiche"
        verbose_name_plural = "contatori delle modifiche"

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.version}"


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
    # Every row of an ente keeps its versions (the registro delle modifiche shows them field by
    # field); each history table keeps the ente's column, so the register reads it by ente.
    history = History(inherit=True)

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
    valid_from = models.PositiveSmallIntegerField(
        "in vigore dai piani con primo anno", null=True, validators=YEAR
    )
    valid_to = models.PositiveSmallIntegerField(
        "fino ai piani con primo anno", null=True, blank=True, validators=YEAR
    )
    source = models.TextField("fonte")
    license = models.CharField("licenza", max_length=80, blank=True)
    loaded_at = models.DateTimeField("caricato il", auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} v. {self.version}"
