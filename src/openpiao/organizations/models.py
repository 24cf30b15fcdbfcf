from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from openpiao.core.catalogues import read_catalogue
from openpiao.core.history import History
from openpiao.core.ranges import EARLIEST_YEAR, LATEST_YEAR, YEAR, between, plausible_date

from .tax_codes import is_valid_codice_fiscale, is_valid_partita_iva, is_valid_person_code

PIANO_TIPO_FILE = "piano_tipo_dm_132_2022.yaml"


def _simplified_regime_limit() -> int:
    """Art. 6 DM 132/2022: enti with fewer than this many employees adopt the simplified PIAO."""
    return int(read_catalogue(PIANO_TIPO_FILE)["soglia_dipendenti"]["meno_di"])


SIMPLIFIED_REGIME_EMPLOYEE_LIMIT = _simplified_regime_limit()


def in_simplified_regime(figures) -> bool:
    """Whether the ente adopts the simplified PIAO, from its latest YearlyFigures.

    Without figures at 31/12 the ente is not called simplified: every part is required.
    """
    return figures is not None and figures.simplified_regime


def validate_codice_fiscale(value: str) -> None:
    if not is_valid_codice_fiscale(value):
        raise ValidationError(
            "Codice fiscale non valido: controllare le cifre (il carattere di controllo non corrisponde)."
        )


def validate_person_code(value: str) -> None:
    if not is_valid_person_code(value):
        raise ValidationError(
            "Codice fiscale della persona non valido: servono 16 caratteri in maiuscolo e "
            "l'ultimo, il carattere di controllo, deve corrispondere."
        )


def validate_partita_iva(value: str) -> None:
    if not is_valid_partita_iva(value):
        raise ValidationError(
            "Partita IVA non valida: servono 11 cifre e l'ultima cifra di controllo deve corrispondere."
        )


COAT_OF_ARMS_MAX_BYTES = 2 * 1024 * 1024
COAT_OF_ARMS_FORMATS = {"PNG": "png", "JPEG": "jpg"}


def validate_coat_of_arms(file) -> str:
    """The file is a PNG or JPEG image of at most 2 MB and 4000 pixels a side; its extension.

    Read with Pillow, not trusted by its name: the image is printed on every cover.
    """
    if file.size > COAT_OF_ARMS_MAX_BYTES:
        raise ValidationError("Lo stemma supera i 2 MB: caricare un'immagine più leggera.")
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "Il file non è un'immagine leggibile: caricare lo stemma in PNG o JPEG."
        ) from None
    finally:
        file.seek(0)
    if kind not in COAT_OF_ARMS_FORMATS:
        raise ValidationError(f"Formato {kind} non accettato: caricare lo stemma in PNG o JPEG.")
    if max(width, height) > 4000 or min(width, height) < 32:
        raise ValidationError("Lo stemma deve misurare tra 32 e 4000 pixel per lato.")
    return COAT_OF_ARMS_FORMATS[kind]


OPERATE_SERVICE = "operate_service"
OPERATOR_PERMISSION = f"organizations.{OPERATE_SERVICE}"


def is_service_operator(user) -> bool:
    return user.is_authenticated and user.has_perm(OPERATOR_PERMISSION)


class WeightMode(models.TextChoices):
    PERCENT = "percent", "Percentuale (somma 100% per unità)"
    POINTS = "points", "Punti (somma pari al totale punti dell'ente)"


class Organization(models.Model):
    """Ente: the anagrafica of Sezione 1 of the PIAO."""

    # What the ente's editors fill in: the form and the JSON exchange (with the slug) share it.
    # Tuples: Django appends to a form's Meta.fields list in place (inline formsets do).
    PROFILE_FIELDS = (
        "name",
        "province",
        "tax_code",
        "vat_number",
        "ipa_code",
        "istat_code",
        "cadastral_code",
        "address",
        "phone",
        "website",
        "email",
        "pec",
        "head_title",
        "head_name",
        "weight_mode",
        "weight_points_total",
    )

    slug = models.SlugField("identificativo nell'indirizzo", max_length=80, unique=True)
    name = models.CharField("denominazione", max_length=200)
    province = models.CharField("provincia (sigla)", max_length=2, blank=True)
    tax_code = models.CharField(
        "codice fiscale", max_length=16, blank=True, validators=[validate_codice_fiscale]
    )
    vat_number = models.CharField("partita IVA", max_length=11, blank=True, validators=[validate_partita_iva])
    ipa_code = models.CharField(
        "codice IPA",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_]+$", "Il codice IPA contiene solo lettere, cifre e _.")],
    )
    istat_code = models.CharField(
        "codice ISTAT",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "Il codice ISTAT del comune è formato da 6 cifre.")],
    )
    cadastral_code = models.CharField(
        "codice catastale",
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]\d{3}$", "Il codice catastale è una lettera maiuscola seguita da 3 cifre (es. B988)."
            )
        ],
    )
    address = models.CharField("indirizzo", max_length=200, blank=True)
    phone = models.CharField("telefono", max_length=40, blank=True)
    website = models.CharField("sito internet", max_length=200, blank=True)
    email = models.EmailField("e-mail", blank=True)
    pec = models.EmailField("PEC", blank=True)
    head_title = models.CharField("carica del vertice", max_length=60, default="Sindaco")
    head_name = models.CharField("vertice dell'amministrazione", max_length=120, blank=True)
    weight_mode = models.CharField(
        "pesatura degli obiettivi", max_length=10, choices=WeightMode.choices, default=WeightMode.PERCENT
    )
    weight_points_total = models.DecimalField(
        "totale punti per unità",
        max_digits=7,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(1)],
        help_text="Usato solo se la pesatura è in punti.",
    )
    coat_of_arms = models.FileField(
        "stemma",
        upload_to="stemmi/",
        blank=True,
        editable=False,
        help_text="Stampato sulla copertina del piano.",
    )
    # Set by the service operator, not the ente: once its people enter with SPID or CIE, the
    # passwords can be switched off (a person whose every ente has them off needs SPID/CIE).
    password_login = models.BooleanField(
        "accesso con password",
        default=True,
        editable=False,
        help_text="Se disattivato, le persone dell'ente entrano solo con SPID o CIE.",
    )
    version = models.PositiveIntegerField("versione", default=1, editable=False)

    history = History()  # the registro delle modifiche

    class Meta:
        verbose_name = "ente"
        verbose_name_plural = "enti"
        ordering = ["name"]
        # The service operator (a platform role, not a role in an ente): creates the enti and
        # invites their first administrator. It sees no ente's data unless invited into it.
        permissions = [
            (OPERATE_SERVICE, "operatore del servizio: crea gli enti e ne invita l'amministratore")
        ]

    def __str__(self) -> str:
        return self.name

    def latest_figures(self):
        return self.figures.order_by("-year").first()


# The largest Italian comune, Roma, has about 2.8 million inhabitants and fewer than 25,000
# employees: beyond these bounds a figure is a typing error, not a comune.
MAX_INHABITANTS = 3_000_000
MAX_EMPLOYEES = 50_000


class YearlyFigures(models.Model):
    """Inhabitants and employees at 31 December of a year (Sezione 1)."""

    INPUT_FIELDS = ("year", "inhabitants", "employees")  # the form and the JSON exchange

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="figures", verbose_name="ente"
    )
    year = models.PositiveSmallIntegerField("anno (al 31/12)", validators=YEAR)
    inhabitants = models.PositiveIntegerField(
        "abitanti al 31/12",
        validators=between(
            1,
            MAX_INHABITANTS,
            "Indicare da 1 a 3.000.000 di abitanti: nessun comune italiano ne ha di più "
            "(Roma ne conta circa 2,8 milioni).",
        ),
    )
    employees = models.PositiveIntegerField(
        "dipendenti al 31/12",
        validators=between(
            0, MAX_EMPLOYEES, "Indicare da 0 a 50.000 dipendenti: nessun comune italiano ne ha di più."
        ),
    )

    history = History()  # Sezione 1's figures, in the registro delle modifiche

    class Meta:
        verbose_name = "dati annuali"
        verbose_name_plural = "dati annuali"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="unique_figures_per_year",
                violation_error_message="L'ente ha già i dati di questo anno.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.year and EARLIEST_YEAR <= self.year <= LATEST_YEAR and self.organization_id:
            # Figures are counted at 31 December: at most the current year, or the one a plan
            # of the ente already asks for (31/12 of the year before its triennium).
            plans = self.organization.plans.values_list("first_year", flat=True)
            latest = max([timezone.localdate().year, *(first - 1 for first in plans)])
            if self.year > latest:
                errors["year"] = (
                    f"I dati al 31/12/{self.year} non sono ancora noti: l'anno non può superare il {latest}."
                )
        if self.inhabitants is not None and self.employees is not None and self.employees > self.inhabitants:
            errors["employees"] = "I dipendenti non possono essere più degli abitanti."
        if errors:
            raise ValidationError(errors)

    @property
    def simplified_regime(self) -> bool:
        return self.employees < SIMPLIFIED_REGIME_EMPLOYEE_LIMIT


class Role(models.TextChoices):
    ADMIN = "admin", "Amministratore"
    SECRETARY = "secretary", "Segretario / RPCT"
    UNIT_HEAD = "unit_head", "Responsabile di unità"
    EVALUATOR = "evaluator", "Nucleo di valutazione"
    READER = "reader", "Lettore"


# Who may change what: a small table rather than scattered checks.
PLAN_EDITORS = {Role.ADMIN, Role.SECRETARY}
UNIT_EDITORS = PLAN_EDITORS | {Role.UNIT_HEAD}
EVALUATORS = {Role.EVALUATOR}
# Who reads the registro delle modifiche (who changed what): segretario, amministratore, Nucleo.
REGISTER_READERS = PLAN_EDITORS | EVALUATORS
# Who sees special categories of personal data (art. 9 GDPR: the priority categories of lavoro
# agile — disability, caregiving, fragile workers — and the reasons of a derogation, often about
# health): the roles that decide the agreements, segretario and amministratore. The others
# (responsabili di unità, Nucleo, lettori) and everything published never show them.
SPECIAL_CATEGORY_READERS = {Role.ADMIN, Role.SECRETARY}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="utente"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="ente"
    )
    role = models.CharField("ruolo", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(
        "con accesso dal", default=timezone.now, editable=False, validators=[plausible_date]
    )

    class Meta:
        verbose_name = "appartenenza"
        verbose_name_plural = "appartenenze"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="one_membership_per_ente",
                violation_error_message="L'utente appartiene già a questo ente.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"

    @property
    def can_edit_plan(self) -> bool:
        return self.role in PLAN_EDITORS

    @property
    def can_edit_units(self) -> bool:
        return self.role in UNIT_EDITORS

    @property
    def sees_special_categories(self) -> bool:
        return self.role in SPECIAL_CATEGORY_READERS

    @property
    def is_evaluator(self) -> bool:
        return self.role in EVALUATORS


# How long an invitation's link stays valid (days); a resent invitation starts again.
INVITATION_VALID_DAYS = 7


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "in attesa"
    ACCEPTED = "accepted", "accettato"
    CANCELLED = "cancelled", "annullato"
    EXPIRED = "expired", "scaduto"


class Invitation(models.Model):
    """Invito ad accedere all'ente con un ruolo, mandato per e-mail.

    The link carries a random token; only its SHA-256 is stored, so the table never holds a
    working link. The link works once, until `expires_at`; resending makes a new token.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", verbose_name="ente"
    )
    email = models.EmailField("e-mail dell'invitato")
    role = models.CharField("ruolo", max_length=20, choices=Role.choices)
    # A responsabile di unità's units, by code (as the roll-over carries OrgUnit.editors): given
    # on acceptance in every plan of the ente that has a unit with that code.
    unit_codes = models.JSONField("unità assegnate con l'invito", default=list, blank=True)
    # Optional: when given, only the person with this codice fiscale (from SPID or CIE) may
    # accept the invitation through them.
    tax_code = models.CharField(
        "codice fiscale dell'invitato",
        max_length=16,
        blank=True,
        validators=[validate_person_code],
        help_text="Facoltativo: se indicato, l'invito si accetta con SPID o CIE solo da questa persona.",
    )
    # The SHA-256 of the link's token (the token itself is never stored).
    token_hash = models.CharField("codice", max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="invitato da",
    )
    created_at = models.DateTimeField("creato il", auto_now_add=True)
    sent_at = models.DateTimeField("inviato il", default=timezone.now, validators=[plausible_date])
    expires_at = models.DateTimeField("scade il", validators=[plausible_date])
    accepted_at = models.DateTimeField("accettato il", null=True, blank=True, validators=[plausible_date])
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="accettato da",
    )
    cancelled_at = models.DateTimeField("annullato il", null=True, blank=True, validators=[plausible_date])

    class Meta:
        verbose_name = "invito"
        verbose_name_plural = "inviti"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_invitation_per_email",
                violation_error_message="Questo indirizzo ha già un invito in attesa per l'ente.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.organization} ({self.get_role_display()})"

    def status(self, now=None) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.cancelled_at:
            return InvitationStatus.CANCELLED
        if self.expires_at <= (now or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status_label(self) -> str:
        return self.status().label

    @property
    def is_open(self) -> bool:
        """Not accepted nor cancelled: it can be resent or cancelled (an expired one too)."""
        return self.accepted_at is None and self.cancelled_at is None


class Identity(models.Model):
    """The codice fiscale of a person, from her SPID or CIE identity: what signs her in.

    Bound once, when she accepts an invitation through SPID/CIE; unique, so one identity opens
    one account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identity",
        verbose_name="utente",
        error_messages={"unique": "Questo accesso è già collegato a un'identità SPID/CIE."},
    )
    tax_code = models.CharField(
        "codice fiscale",
        max_length=16,
        unique=True,
        validators=[validate_person_code],
        error_messages={"unique": "Questo codice fiscale è già collegato a un altro accesso."},
    )
    bound_at = models.DateTimeField("collegato il", default=timezone.now, validators=[plausible_date])

    class Meta:
        verbose_name = "identità SPID/CIE"
        verbose_name_plural = "identità SPID/CIE"

    def __str__(self) -> str:
        return f"{self.user} ({self.tax_code})"
