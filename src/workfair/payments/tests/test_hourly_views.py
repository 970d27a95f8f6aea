"""The hourly pages: the freelancer logs, edits and deletes time on the contract page; the client
sees the week's "you'll pay", the invoice, disputes it, and pays a declined week; the money page
lists the invoices. Bad input is a 4xx page that writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from workfair.core import clock
from workfair.payments import actions
from workfair.payments.models import HourlyWeek, TimeEntry
from workfair.payments.states import HourlyWeekStatus
from workfair.payments.tests.factories import CHARGE_FAILS_CARD, OK_CARD, add_card
from workfair.payments.tests.hourly import MONDAY, at, days, hourly_contract

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    http = Client()
    http.force_login(user)
    return http


def test_log_edit_delete_on_the_contract_page_and_the_client_sees_the_invoice() -> None:
    contract = hourly_contract()
    freelancer, client = browser(contract.freelancer), browser(contract.client)
    page = f"/contracts/{contract.pk}/"
    with clock.frozen_at(at(days(1), 9)):
        html = freelancer.get(page).content.decode()
        assert "Log time" in html
        assert "You'll receive" in html
        logged = freelancer.post(
            f"/contracts/{contract.pk}/time/", {"date": days(1), "hours": 2, "minutes": 30, "memo": "API design"}
        )
        assert logged.status_code == 302
        assert logged["Location"] == f"{page}?week={MONDAY}#time"
        entry = TimeEntry.objects.get()
        assert entry.minutes == 150
        bad = freelancer.post(f"/contracts/{contract.pk}/time/", {"date": days(1), "hours": 30, "memo": "x"})
        assert bad.status_code == 400
        over = freelancer.post(f"/contracts/{contract.pk}/time/", {"date": days(1), "hours": 18, "memo": "x"})
        assert over.status_code == 400
        assert "weekly limit" in over.content.decode()
        assert (
            client.post(f"/contracts/{contract.pk}/time/", {"date": days(1), "hours": 1, "memo": "x"}).status_code
            == 403
        )
        assert TimeEntry.objects.count() == 1
        edited = freelancer.post(
            f"/contracts/time/{entry.pk}/edit/", {"date": days(1), "hours": 3, "minutes": 0, "memo": "API design"}
        )
        assert edited.status_code == 302
        entry.refresh_from_db()
        assert entry.minutes == 180
        assert (
            freelancer.post(
                f"/contracts/{contract.pk}/time/", {"date": days(0), "hours": 1, "memo": "Call"}
            ).status_code
            == 302
        )
        call = TimeEntry.objects.get(memo="Call")
        assert client.post(f"/contracts/time/{call.pk}/delete/").status_code == 403
        assert freelancer.post(f"/contracts/time/{call.pk}/delete/").status_code == 302
        html = client.get(page).content.decode()
        assert "You'll pay" in html
        assert "$141.75" in html
        assert "API design" in html
        assert "Log time" not in html
        assert freelancer.get(page + "?week=nonsense").status_code == 400
    with clock.frozen_at(at(days(7), 12)):
        actions.do_invoice_closed_weeks()
        html = client.get(page).content.decode()
        assert "Weekly invoices" in html
        assert "Dispute the hours" in html
        assert "$121.50" in freelancer.get(page).content.decode()  # 135.00 less 10 %
        money = client.get("/money/").content.decode()
        assert "Hourly invoices" in money
        assert "You pay $141.75" in money
        week = HourlyWeek.objects.get()
        assert client.post(f"/contracts/weeks/{week.pk}/dispute/", {"reason": ""}).status_code == 400
        assert (
            client.post(f"/contracts/weeks/{week.pk}/dispute/", {"reason": "Tuesday was a holiday"}).status_code == 302
        )
    week.refresh_from_db()
    assert week.status == HourlyWeekStatus.DISPUTED


def test_the_client_pays_a_declined_week_from_the_money_page() -> None:
    contract = hourly_contract()
    with clock.frozen_at(at(days(1), 9)):
        actions.do_log_time(
            actor=contract.freelancer,
            contract_type="contracts.contract",
            contract_id=contract.pk,
            date=days(1),
            minutes=60,
            memo="Fixes",
        )
        add_card(contract.client, CHARGE_FAILS_CARD)
    with clock.frozen_at(at(days(7), 12)):
        actions.do_invoice_closed_weeks()
    with clock.frozen_at(at(days(12), 0)):
        actions.do_charge_due_weeks()
    week = HourlyWeek.objects.get()
    assert week.status == HourlyWeekStatus.RETRYING
    client = browser(contract.client)
    with clock.frozen_at(at(days(12), 9)):
        assert "Pay now" in client.get("/money/").content.decode()
        again = client.post(f"/money/hourly/{week.pk}/pay/", follow=True)
        assert "declined again" in again.content.decode()
        add_card(contract.client, OK_CARD)
        assert browser(contract.freelancer).post(f"/money/hourly/{week.pk}/pay/").status_code == 403
        paid = client.post(f"/money/hourly/{week.pk}/pay/", follow=True)
        assert "Paid $47.25" in paid.content.decode()
    week.refresh_from_db()
    assert week.status == HourlyWeekStatus.CHARGED
