"""The iCalendar feed (a secret, revocable address per user) and the reminder e-mails."""

from datetime import date

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from openpiao.deadlines.jobs import enqueue_reminders
from openpiao.deadlines.models import FeedToken, Reminder
from tests.page_forms import page_form


def _new_feed_url(client) -> str:
    page = client.get(reverse("deadlines:feed_settings"))
    has_feed = FeedToken.objects.exists()
    # The last form revokes the address once there is one; the form before it makes a new one.
    response = client.post(reverse("deadlines:feed_settings"), page_form(page, index=-2 if has_feed else -1))
    assert response.status_code == 200
    return response.context["feed_url"]


def test_the_feed_is_a_calendar_of_the_users_enti(client, casorate, albizzate, make_member):
    user = make_member(casorate.organization, "secretary")
    client.force_login(user)
    url = _new_feed_url(client)
    assert FeedToken.objects.filter(user=user).count() == 1
    client.logout()  # a calendar application does not sign in
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = [str(event["SUMMARY"]) for event in events]
    assert any("Adozione del PIAO" in s and casorate.organization.name in s for s in summaries)
    assert not any(albizzate.organization.name in s for s in summaries)  # not one of hers
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    adoption = next(e for e in events if "Adozione del PIAO" in str(e["SUMMARY"]))
    assert isinstance(adoption.decoded("DTSTART"), date)
    assert "Norma: " in str(adoption["DESCRIPTION"])


def test_a_new_address_ends_the_old_one_and_revoking_ends_both(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    first = _new_feed_url(client)
    second = _new_feed_url(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    page = client.get(reverse("deadlines:feed_settings"))
    assert page_form(page, index=-1) == {"azione": "revoca"}
    client.post(reverse("deadlines:feed_settings"), page_form(page, index=-1))
    assert client.get(second).status_code == 404
    assert client.get(reverse("deadlines:feed", args=["indovinato"])).status_code == 404


def test_the_feed_settings_need_a_login(client):
    response = client.get(reverse("deadlines:feed_settings"))
    assert response.status_code == 302 and "/accesso/" in response["Location"]


def test_reminders_go_once_per_deadline_and_person_in_italian(casorate, make_member, settings):
    settings.SITE_URL = "https://piao.example.it"
    secretary = make_member(casorate.organization, "secretary")
    secretary.email = "segretario@example.it"
    secretary.save()
    evaluator = make_member(casorate.organization, "evaluator")
    evaluator.email = "nucleo@example.it"
    evaluator.save()
    reader = make_member(casorate.organization, "reader")
    reader.email = "lettore@example.it"
    reader.save()
    # 20 January 2027: the PIAO 2027-2029 is due on 31 January (no deferral known).
    queued = enqueue_reminders(date(2027, 1, 20))
    assert queued > 0
    to_secretary = [m for m in mail.outbox if m.to == ["segretario@example.it"]]
    adoption = next(m for m in to_secretary if "Adozione del PIAO 2027-2029" in m.subject)
    assert adoption.subject.startswith("Promemoria scadenza 31/01/2027")
    assert "tra 11 giorni, il 31 gennaio 2027" in adoption.body
    assert "art. 6 c. 1 DL 80/2021" in adoption.body or "DM 132/2022" in adoption.body
    assert "https://piao.example.it/enti/casorate-primo/scadenze/2027/" in adoption.body
    assert not [m for m in mail.outbox if m.to == ["lettore@example.it"]]  # a reader acts on none
    assert not [m for m in mail.outbox if m.to == ["nucleo@example.it"] and "Adozione" in m.subject]
    sent = len(mail.outbox)
    assert Reminder.objects.filter(sent_at__isnull=False).count() == sent
    # Run again the same day and the next: nothing twice.
    assert enqueue_reminders(date(2027, 1, 20)) == 0
    call_command("send_deadline_reminders", "--oggi", "2027-01-21")
    assert [m.subject for m in mail.outbox[sent:]] == []


def test_a_deadline_done_is_not_reminded(casorate, make_member):
    secretary = make_member(casorate.organization, "secretary")
    secretary.email = "segretario@example.it"
    secretary.save()
    casorate.first_year, casorate.reference_year = 2027, 2027
    casorate.resolution_number, casorate.resolution_date, casorate.status = "3", date(2027, 1, 15), "adopted"
    casorate.save()
    enqueue_reminders(date(2027, 1, 20))
    subjects = [m.subject for m in mail.outbox]
    assert not any("Adozione del PIAO 2027-2029" in s for s in subjects)
    assert any("Pubblicazione del PIAO 2027-2029" in s for s in subjects)  # adopted, not yet published
