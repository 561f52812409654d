"""Customer onboarding in the back office (#12): moves and refused moves, notes, the welcome
mail and the training reminder with a fixed clock, the checklist from real data."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from shop.domain.onboarding import ComputedCheck, OnboardingState
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import (
    ApproverAssignment,
    ChecklistTick,
    Company,
    OnboardingEvent,
    OutboxEntry,
    StaffAuditEntry,
    StaffMember,
)
from shop.models.clock import utcnow
from shop.services import onboarding
from shop.services.customer_center.companies import main_contacts_query
from shop.services.unit_of_work import unit_of_work
from tests.clients import staff_logged_in
from tests.factories import make_company, make_main_contact, make_staff, make_user

EN = {"Accept-Language": "en"}
S = OnboardingState


def registered_company(now: datetime | None = None) -> Company:
    """A company as the registration leaves it: its main contact, Registered."""
    company = make_company()
    make_main_contact(company, email=f"main-{company.customer_number.lower()}@example.com")
    with unit_of_work():
        onboarding.start_onboarding(db.session.get(Company, company.id), now or utcnow())
    return company


def state(company_id: int) -> OnboardingState:
    db.session.expire_all()
    return onboarding.state_of(onboarding.onboarding_of(company_id))


def form_token(client, path: str) -> str:
    html = client.get(path, headers=EN).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def local_input(value: datetime) -> str:
    """The browser's date-time field for a UTC time, in the shop's time zone."""
    local = value.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    return local.strftime("%Y-%m-%dT%H:%M")


def post_move(client, company_id: int, **data):
    path = f"/back-office/onboarding/{company_id}"
    data = {"csrf_token": form_token(client, path), **data}
    return client.post(f"{path}/move", data=data, headers=EN)


def test_a_new_registration_starts_as_registered(client, csrf, erp):
    data = {
        "customer_number": "10003",
        "invoice_number": "RE-2026-10003-07",
        "email": "laura.weber@weber-elektro.example.com",
        "name": "Laura Weber",
        "csrf_token": csrf("/customer-center/register"),
    }

    client.post("/customer-center/register", data=data, headers=EN)

    company = db.session.scalar(select(Company).where(Company.customer_number == "10003"))
    assert state(company.id) == S.REGISTERED
    [event] = onboarding.history_of(company.id)
    assert (event.from_state, event.to_state, event.staff_id) == (None, "registered", None)


def test_a_company_without_onboarding_counts_as_enabled_and_cannot_be_moved(app_context):
    company = make_company()

    assert state(company.id) == S.ENABLED
    with pytest.raises(onboarding.InvalidMove):
        onboarding.move_company(company.id, make_staff(), S.TRAINING, "", None, utcnow())


def test_moving_to_training_records_the_move_and_mails_the_main_contact(app, mailbox):
    with app.app_context():
        company = registered_company()
        staff = make_staff(name="Olga Operator")
        appointment = (utcnow() + timedelta(days=5)).replace(second=0, microsecond=0)
        client = staff_logged_in(app, staff)

        response = post_move(
            client,
            company.id,
            target="training",
            training_at=local_input(appointment),
            move_note="Called Mrs Weber, webinar agreed",
        )

        assert response.status_code == 302
        assert state(company.id) == S.TRAINING
        row = onboarding.onboarding_of(company.id)
        assert row.training_at == appointment
        move = onboarding.history_of(company.id)[0]
        assert (move.from_state, move.to_state, move.actor_label) == (
            "registered",
            "training",
            "Olga Operator",
        )
        assert move.note == "Called Mrs Weber, webinar agreed"
        assert db.session.scalar(
            select(StaffAuditEntry.detail).where(StaffAuditEntry.action == "onboarding_move")
        ) == ("registered>training")
        main = f"main-{company.customer_number.lower()}@example.com"
    mail = mailbox.wait_for(main, "training")
    assert "Welcome" in mail.subject and "webinar" in mail.text
    page = client.get(f"/back-office/customers/{company.id}", headers=EN).get_data(as_text=True)
    assert "Called Mrs Weber, webinar agreed" in page and "Registered → Training" in page


@pytest.mark.parametrize(
    "days_ahead, message",
    [
        (15, "at most 14 days ahead"),
        (-1, "must lie in the future"),
        (None, "Enter the training appointment"),
    ],
)
def test_a_training_appointment_outside_14_days_is_refused_next_to_the_field(
    app, app_context, days_ahead, message
):
    company = registered_company()
    client = staff_logged_in(app, make_staff())
    when = "" if days_ahead is None else local_input(utcnow() + timedelta(days=days_ahead))

    response = post_move(client, company.id, target="training", training_at=when)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert state(company.id) == S.REGISTERED
    assert db.session.scalar(select(func.count(OutboxEntry.id))) == 0
    assert len(onboarding.history_of(company.id)) == 1


def test_a_move_the_table_does_not_allow_is_refused_and_changes_nothing(app, app_context):
    company = registered_company()
    client = staff_logged_in(app, make_staff())

    response = post_move(client, company.id, target="enabled")

    assert response.status_code == 422
    assert state(company.id) == S.REGISTERED
    assert len(onboarding.history_of(company.id)) == 1


def test_a_stale_move_is_refused_by_the_service(app_context):
    company = registered_company()
    staff = make_staff()
    appointment = utcnow() + timedelta(days=3)
    onboarding.move_company(company.id, staff, S.TRAINING, "", appointment, utcnow())

    with pytest.raises(onboarding.InvalidMove):
        onboarding.move_company(company.id, staff, S.TRAINING, "", appointment, utcnow())

    assert [e.to_state for e in onboarding.history_of(company.id)] == ["training", "registered"]


def test_the_whole_way_to_enabled_is_recorded(app_context):
    company = registered_company()
    staff = make_staff()
    now = utcnow()

    onboarding.move_company(company.id, staff, S.TRAINING, "", now + timedelta(days=2), now)
    onboarding.move_company(company.id, staff, S.CHECK_USAGE, "trained", None, now)
    onboarding.move_company(company.id, staff, S.ENABLED, "all good", None, now)

    assert state(company.id) == S.ENABLED
    moves = [(e.from_state, e.to_state) for e in reversed(onboarding.history_of(company.id))]
    assert moves == [
        (None, "registered"),
        ("registered", "training"),
        ("training", "check_usage"),
        ("check_usage", "enabled"),
    ]
    assert onboarding.getting_started(company.id) is None


def test_a_note_is_recorded_with_who_and_when_and_an_empty_one_is_refused(app, app_context):
    company = registered_company()
    client = staff_logged_in(app, make_staff(name="Nora Note"))
    path = f"/back-office/onboarding/{company.id}"

    empty = client.post(f"{path}/note", data={"csrf_token": form_token(client, path), "note": ""})
    added = client.post(
        f"{path}/note", data={"csrf_token": form_token(client, path), "note": "Asked for a call"}
    )

    assert empty.status_code == 422 and added.status_code == 302
    note = onboarding.history_of(company.id)[0]
    assert (note.to_state, note.note, note.actor_label) == (None, "Asked for a call", "Nora Note")


def test_another_staff_right_does_not_open_onboarding(app, app_context):
    company = registered_company()
    client = staff_logged_in(app, make_staff(rights=("review", "outbox")))

    assert client.get("/back-office/onboarding").status_code == 403
    assert client.get(f"/back-office/onboarding/{company.id}").status_code == 403


def test_an_unknown_company_is_not_found(app, app_context):
    client = staff_logged_in(app, make_staff())

    assert client.get("/back-office/onboarding/999999").status_code == 404


# -- the reminder, with a fixed clock -------------------------------------------------------------


def reminder_entries() -> list[OutboxEntry]:
    return [
        entry
        for entry in db.session.scalars(select(OutboxEntry))
        if entry.payload.get("event") == onboarding.TRAINING_REMINDER
    ]


def test_the_training_reminder_goes_out_3_days_before_and_only_once(app_context):
    registered_at = datetime(2026, 12, 1, 8, 0)
    appointment = datetime(2026, 12, 10, 9, 0)
    company = registered_company(registered_at)
    onboarding.move_company(
        company.id, make_staff(), S.TRAINING, "", appointment, registered_at + timedelta(hours=1)
    )

    too_early = onboarding.send_training_reminders(datetime(2026, 12, 7, 8, 59))
    due = onboarding.send_training_reminders(datetime(2026, 12, 7, 9, 0))
    again = onboarding.send_training_reminders(datetime(2026, 12, 8, 9, 0))

    assert (too_early, due, again) == (0, 1, 0)
    [entry] = reminder_entries()
    assert entry.payload["training_at"] == appointment.isoformat()
    assert onboarding.onboarding_of(company.id).reminded_at == datetime(2026, 12, 7, 9, 0)


def test_a_new_appointment_is_reminded_again(app_context):
    start = datetime(2026, 12, 1, 8, 0)
    company = registered_company(start)
    staff = make_staff()
    onboarding.move_company(company.id, staff, S.TRAINING, "", datetime(2026, 12, 5, 9), start)
    onboarding.send_training_reminders(datetime(2026, 12, 3, 9))
    onboarding.move_company(company.id, staff, S.CHECK_USAGE, "", None, datetime(2026, 12, 6))

    onboarding.move_company(
        company.id, staff, S.TRAINING, "again", datetime(2026, 12, 12, 9), datetime(2026, 12, 7)
    )
    sent = onboarding.send_training_reminders(datetime(2026, 12, 9, 10))

    assert sent == 1 and len(reminder_entries()) == 2


def test_the_reminder_command_and_mail_reach_the_main_contact(app, app_context, mailbox):
    company = registered_company()
    appointment = utcnow() + timedelta(days=2)
    onboarding.move_company(company.id, make_staff(), S.TRAINING, "", appointment, utcnow())

    result = app.test_cli_runner().invoke(args=["onboarding", "remind"])

    assert result.exit_code == 0 and "1 training reminders queued" in result.output
    main = f"main-{company.customer_number.lower()}@example.com"
    assert "Reminder" in mailbox.wait_for(main, "Reminder").subject


# -- the usage checklist from real data -----------------------------------------------------------


def done_checks(company_id: int) -> set[ComputedCheck]:
    db.session.expire_all()
    return {e.check for e in onboarding.company_checklist(company_id).entries if e.done}


def test_checklist_items_turn_done_from_the_companys_own_data(app_context):
    from tests.factories import make_order, make_product

    company = registered_company()
    assert done_checks(company.id) == set()

    buyer = make_user(company)
    assert done_checks(company.id) == {ComputedCheck.USERS_CREATED}

    with unit_of_work():
        db.session.add(
            ApproverAssignment(company_id=company.id, orderer_id=None, approver_id=buyer.id)
        )
        db.session.get(Company, company.id).default_monthly_budget = 5000
    assert done_checks(company.id) == {
        ComputedCheck.USERS_CREATED,
        ComputedCheck.APPROVER_NAMED,
        ComputedCheck.BUDGETS_SET,
    }

    make_order(buyer, lines=[(make_product(), 1)])
    assert ComputedCheck.FIRST_ORDER_PLACED in done_checks(company.id)
    assert ComputedCheck.FIRST_APPROVAL_DECIDED not in done_checks(company.id)


def test_another_companys_data_does_not_tick_anything(app_context):
    company = registered_company()
    other = make_company()
    make_user(other)
    make_user(other)

    assert done_checks(company.id) == set()


def test_the_operator_ticks_manual_items_and_edits_the_template(app, app_context):
    company = registered_company()
    client = staff_logged_in(app, make_staff())
    path = "/back-office/onboarding/checklist"

    added = client.post(
        path,
        data={
            "csrf_token": form_token(client, path),
            "new-name_en": "Delivery address confirmed by phone",
            "new-name_de": "Lieferadresse telefonisch bestätigt",
        },
    )
    item_id = onboarding.manual_items()[0].id
    company_path = f"/back-office/onboarding/{company.id}"
    ticked = client.post(
        f"{company_path}/items/{item_id}",
        data={"csrf_token": form_token(client, company_path), "done": "1"},
    )
    renamed = client.post(
        f"{path}/{item_id}",
        data={
            "csrf_token": form_token(client, path),
            f"item-{item_id}-name_en": "Address confirmed",
            f"item-{item_id}-name_de": "Adresse bestätigt",
        },
    )

    assert (added.status_code, ticked.status_code, renamed.status_code) == (302, 302, 302)
    checklist = onboarding.company_checklist(company.id)
    assert (
        checklist.entries[-1].done and checklist.entries[-1].manual.name_en == "Address confirmed"
    )
    assert checklist.total == len(ComputedCheck) + 1

    removed = client.post(f"{path}/{item_id}/remove", data={"csrf_token": form_token(client, path)})

    assert removed.status_code == 302
    assert onboarding.company_checklist(company.id).total == len(ComputedCheck)
    assert db.session.scalar(select(func.count(ChecklistTick.id))) == 0
    audit = client.get("/back-office/audit", headers=EN).get_data(as_text=True)
    assert "Ticked off: Delivery address confirmed by phone" in audit
    assert "Removed from the checklist: Address confirmed" in audit


def test_a_checklist_item_without_a_name_is_refused_next_to_the_field(app, app_context):
    client = staff_logged_in(app, make_staff())
    path = "/back-office/onboarding/checklist"

    response = client.post(
        path,
        data={"csrf_token": form_token(client, path), "new-name_en": "", "new-name_de": "x"},
        headers=EN,
    )

    assert response.status_code == 422 and "Enter the name." in response.get_data(as_text=True)
    assert onboarding.manual_items() == []


def test_the_board_groups_companies_and_marks_the_overdue(app, app_context):
    fresh = registered_company()
    late = registered_company(utcnow() - timedelta(days=5))
    client = staff_logged_in(app, make_staff())

    page = client.get("/back-office/onboarding", headers=EN).get_data(as_text=True)

    assert fresh.name in page and late.name in page
    late_card = re.search(rf'<li class="onboarding-card overdue">\s*<a[^>]*>{late.name}<', page)
    assert late_card, "the company registered 5 days ago is overdue"
    assert not re.search(rf'<li class="onboarding-card overdue">\s*<a[^>]*>{fresh.name}<', page)
    assert "5 days in this step" in page


def test_the_main_contact_sees_getting_started_with_links_to_open_steps(
    client, login_as, app_context
):
    company = registered_company()
    main = db.session.scalar(main_contacts_query(company.id))
    make_user(company)
    login_as(main)

    page = client.get("/customer-center/", headers=EN).get_data(as_text=True)

    assert "Getting started: 1 of 7 done" in page
    assert 'href="/customer-center/approvers"' in page
    assert 'href="/customer-center/users">Create accounts' not in page


def test_a_buyer_sees_no_getting_started(client, login_as, app_context):
    company = registered_company()
    login_as(make_user(company))

    assert "Getting started" not in client.get("/customer-center/").get_data(as_text=True)


def test_the_main_contact_of_an_enabled_company_sees_no_getting_started(
    client, login_as, app_context
):
    login_as(make_main_contact(make_company()))

    assert "Getting started" not in client.get("/customer-center/").get_data(as_text=True)


def test_onboarding_events_are_kept_per_company(app_context):
    a, b = registered_company(), registered_company()

    onboarding.add_note(a.id, make_staff(), "only for A", utcnow())

    assert [e.note for e in onboarding.history_of(b.id)] == [""]
    assert db.session.scalar(select(func.count(OnboardingEvent.id))) == 3


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "0001-01-01T00:00", "tomorrow", "\x00"])
def test_an_unreadable_or_extreme_appointment_is_a_message_not_an_error(app, app_context, typed):
    company = registered_company()
    client = staff_logged_in(app, make_staff())

    response = post_move(client, company.id, target="training", training_at=typed)

    assert response.status_code == 422
    assert state(company.id) == S.REGISTERED


def test_the_staff_audit_trail_words_onboarding_actions_without_internal_names(app, app_context):
    company = registered_company()
    staff = make_staff()
    onboarding.move_company(
        company.id, staff, S.TRAINING, "", utcnow() + timedelta(days=2), utcnow()
    )
    client = staff_logged_in(app, staff)

    page = client.get("/back-office/audit", headers=EN).get_data(as_text=True)

    assert "Moved a company on in onboarding" in page
    assert "Registered → Training" in page and "registered&gt;training" not in page
    assert f"Customer {company.customer_number}" in page


def test_the_first_approval_decision_ticks_its_item(app_context, erp):
    from decimal import Decimal

    from shop.domain.approvals import OrderEvent
    from shop.services.decide_approval import decide
    from tests.factories import make_order, make_product, name_approver

    company = registered_company()
    approver = make_user(company, roles=(PredefinedRole.APPROVER,), name="Clara Schulz")
    buyer = make_user(company, has_own_budget=True, max_order_value=Decimal("100.00"))
    name_approver(company, approver, orderer=buyer)
    waiting = make_order(buyer, lines=[(make_product(list_price=Decimal("80.00")), 2)])
    assert waiting.status == "awaiting_approval"
    assert ComputedCheck.FIRST_APPROVAL_DECIDED not in done_checks(company.id)

    decide(waiting.id, approver, waiting.version, OrderEvent.APPROVE, "Fine.", utcnow())

    assert ComputedCheck.FIRST_APPROVAL_DECIDED in done_checks(company.id)


def test_two_workers_reminding_at_once_queue_one_reminder(app, app_context):
    from tests.concurrency import run_at_once

    start = datetime(2026, 12, 1, 8, 0)
    company = registered_company(start)
    onboarding.move_company(
        company.id, make_staff(), S.TRAINING, "", datetime(2026, 12, 10, 9), start
    )
    db.session.remove()

    results = run_at_once(
        app, 4, lambda _i: onboarding.send_training_reminders(datetime(2026, 12, 8, 9))
    )

    assert sorted(results) == [0, 0, 0, 1]
    assert len(reminder_entries()) == 1


def test_two_operators_moving_one_company_at_once_move_it_once(app, app_context):
    from tests.concurrency import run_at_once

    company_id = registered_company().id
    staff_id = make_staff().id
    appointment = utcnow() + timedelta(days=3)
    db.session.remove()

    def move(_index: int):
        staff = db.session.get(StaffMember, staff_id)
        return onboarding.move_company(company_id, staff, S.TRAINING, "", appointment, utcnow())

    results = run_at_once(app, 2, move)

    assert sum(isinstance(r, onboarding.InvalidMove) for r in results) == 1
    moves = [e for e in onboarding.history_of(company_id) if e.to_state == "training"]
    assert len(moves) == 1
    welcome = [
        e
        for e in db.session.scalars(select(OutboxEntry))
        if e.payload.get("event") == onboarding.ONBOARDING_WELCOME
    ]
    assert len(welcome) == 1


def test_the_welcome_mail_speaks_the_main_contacts_language_and_time(app_context, mailbox):
    company = make_company()
    main = make_main_contact(company, locale="de", email="anna@weber.example.com")
    with unit_of_work():
        onboarding.start_onboarding(db.session.get(Company, company.id), utcnow())
    appointment = (utcnow() + timedelta(days=5)).replace(hour=13, minute=0, second=0)

    onboarding.move_company(company.id, make_staff(), S.TRAINING, "", appointment, utcnow())

    mail = mailbox.wait_for(main.email, "Willkommen")
    assert "Schulung" in mail.subject
    berlin = appointment.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert berlin.strftime("%H:%M") in mail.text  # in the shop's time zone, not UTC
    assert "http://localhost/customer-center/" in mail.text


@pytest.mark.parametrize("target", ["training", "bogus", ""])
def test_a_move_from_a_stale_page_or_to_no_step_is_explained(app, app_context, target):
    company = registered_company()
    staff = make_staff()
    client = staff_logged_in(app, staff)
    token = form_token(client, f"/back-office/onboarding/{company.id}")
    onboarding.move_company(
        company.id, staff, S.TRAINING, "", utcnow() + timedelta(days=2), utcnow()
    )
    when = local_input(utcnow() + timedelta(days=3))

    response = client.post(
        f"/back-office/onboarding/{company.id}/move",
        data={"csrf_token": token, "target": target, "training_at": when},
        headers=EN,
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        "The company has moved on meanwhile: choose again." in page
        or "Choose the next step." in page
    )
    assert len(onboarding.history_of(company.id)) == 2


def test_a_second_training_after_the_usage_check_is_offered_as_another_one(app_context, mailbox):
    company = registered_company()
    staff = make_staff()
    now = utcnow()
    onboarding.move_company(company.id, staff, S.TRAINING, "", now + timedelta(days=2), now)
    onboarding.move_company(company.id, staff, S.CHECK_USAGE, "", None, now)

    onboarding.move_company(company.id, staff, S.TRAINING, "", now + timedelta(days=9), now)

    main = f"main-{company.customer_number.lower()}@example.com"
    again = mailbox.wait_for(main, "Another training")
    assert "another live online training" in again.text
    assert len([m for m in mailbox.mails() if m.subject.startswith("Welcome")]) == 1
