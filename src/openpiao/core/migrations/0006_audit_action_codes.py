"""The audit rows' actions become codes (core.models.Action) instead of Italian sentences.

Every sentence the code wrote (today's and the earlier wordings found in the history) maps to
its code; the sentence is the code's label, so the log reads as before. The admin's sentences
(«ente: modifica nell'amministrazione del sito») keep the object in object_type and details.
A sentence not listed here is left as it was (the log shows it as stored).
"""

import re

from django.db import migrations

# Sentence → code, frozen as the code wrote them (the migration must not follow later changes).
CODES = {
    "ente modificato": "organization_changed",
    "piano creato": "plan_created",
    "piano modificato": "plan_changed",
    "unità salvata": "unit_saved",
    "unità salvato": "unit_saved",
    "dipendente salvato": "employee_saved",
    "testo della sezione salvato": "section_text_saved",
    "piano adottato": "plan_adopted",
    "piano riaperto per modifica": "plan_reopened",
    "piano pubblicato": "plan_published",
    "obiettivo strategico creato": "strategic_objective_created",
    "obiettivo strategico modificato": "strategic_objective_changed",
    "obiettivo creato": "objective_created",
    "obiettivo modificato": "objective_changed",
    "obiettivo eliminato": "objective_deleted",
    "obiettivo modificato: indicatori": "objective_indicators_saved",
    "obiettivo: indicatori modificati": "objective_indicators_saved",
    "obiettivo modificato: fasi": "objective_phases_saved",
    "obiettivo: fasi modificati": "objective_phases_saved",
    "obiettivo modificato: personale coinvolto": "objective_staff_saved",
    "obiettivo: personale coinvolto modificati": "objective_staff_saved",
    "obiettivo modificato: risorse aggiuntive": "objective_resources_saved",
    "obiettivo: risorse aggiuntive modificati": "objective_resources_saved",
    "indicatore modificato": "indicator_changed",
    "verifica inserita": "review_created",
    "verifica modificata": "review_changed",
    "giudizi del Nucleo inseriti": "judgements_saved",
    "verifica finale validata": "review_validated",
    "nuova revisione di una verifica validata": "revision_opened",
    "sistema di valutazione impostato": "evaluation_system_created",
    "sistema di valutazione modificato": "evaluation_system_changed",
    "sistema di valutazione da modello": "evaluation_system_preset",
    "valutazione dei comportamenti inserita": "behaviour_assessment_created",
    "valutazione dei comportamenti modificata": "behaviour_assessment_changed",
    "fondi per la performance modificati": "bonus_funds_saved",
    "utenti dei dipendenti collegati": "employee_accounts_linked",
    "Relazione sulla performance validata": "report_validated",
    "mappa tipo adottata": "starter_map_adopted",
    "processo creato": "process_created",
    "processo modificato": "process_changed",
    "processo eliminato": "process_deleted",
    "valutazione del rischio salvata": "risk_assessment_saved",
    "misura creata": "measure_created",
    "misura modificata": "measure_changed",
    "monitoraggio registrato": "monitoring_recorded",
    "impostazioni dei rischi salvate": "risk_settings_saved",
    "relazione del RPCT salvata": "rpct_report_saved",
    "mappa della trasparenza generata": "transparency_map_generated",
    "obbligo di trasparenza aggiornato": "duty_assignment_saved",
    "impostazioni della trasparenza salvate": "transparency_settings_saved",
    "registro degli accessi aggiornato": "access_request_saved",
    "obblighi della griglia OIV scelti": "oiv_grid_duties_chosen",
    "griglia OIV compilata": "oiv_grid_filled",
}

# Sezione 3 wrote f"{label} {participle}", the participle agreeing with the label (and, before
# that, always in -o): label → (code prefix, ending, the verbs its rows have).
ROWS = {
    "dati per la capacità assunzionale": ("staffing_inputs", "i", ("created", "changed")),
    "cessazione": ("cessation", "a", ("created", "changed", "deleted")),
    "assunzione programmata": ("planned_hire", "a", ("created", "changed", "deleted")),
    "indicatore del lavoro agile": ("pola_indicator", "o", ("created", "changed", "deleted")),
    "attività mappata": ("activity", "a", ("created", "changed", "deleted")),
    "accordo di lavoro agile": ("agreement", "o", ("created", "changed", "deleted")),
    "piano della formazione": ("training_plan", "o", ("created", "changed")),
    "area di formazione": ("training_area", "a", ("created", "changed", "deleted")),
    "corso": ("course", "o", ("created", "changed", "deleted")),
    "iscrizione": ("enrolment", "a", ("created", "changed", "deleted")),
    "ambito di azione": ("action_area", "o", ("created", "changed", "deleted")),
    "azione positiva": ("positive_action", "a", ("created", "changed", "deleted")),
}
PARTICIPLES = {"created": "inserit", "changed": "modificat", "deleted": "eliminat"}


def _row_sentences() -> dict[str, str]:
    codes = {}
    for label, (prefix, ending, verbs) in ROWS.items():
        for verb in verbs:
            for end in dict.fromkeys((ending, "o")):  # today's ending first
                codes[f"{label} {PARTICIPLES[verb]}{end}"] = f"{prefix}_{verb}"
    return codes


CODES.update(_row_sentences())

# «<object's Italian name>: <what> nell'amministrazione del sito»
ADMIN = re.compile(r"^.+: (inserimento|modifica|eliminazione) nell'amministrazione del sito$")
ADMIN_CODES = {"inserimento": "admin_created", "modifica": "admin_changed", "eliminazione": "admin_deleted"}


def to_codes(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for sentence, code in CODES.items():
        AuditEvent.objects.filter(action=sentence).update(action=code)
    admin_rows = AuditEvent.objects.filter(action__endswith=" nell'amministrazione del sito")
    for event in admin_rows.iterator(chunk_size=500):
        match = ADMIN.match(event.action)
        if match:
            event.action = ADMIN_CODES[match.group(1)]
            event.save(update_fields=["action"])


def to_sentences(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    # The first sentence listed for a code is today's wording.
    sentences = {}
    for sentence, code in CODES.items():
        sentences.setdefault(code, sentence)
    for code, sentence in sentences.items():
        AuditEvent.objects.filter(action=code).update(action=sentence)
    names = {model._meta.model_name: str(model._meta.verbose_name) for model in apps.get_models()}
    verbs = {code: verb for verb, code in ADMIN_CODES.items()}
    for event in AuditEvent.objects.filter(action__in=verbs).iterator(chunk_size=500):
        name = names.get(event.object_type, event.object_type)
        event.action = f"{name}: {verbs[event.action]} nell'amministrazione del sito"
        event.save(update_fields=["action"])


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_action_choices")]

    operations = [migrations.RunPython(to_codes, to_sentences)]
