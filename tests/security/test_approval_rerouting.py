"""#14: waiting orders follow changes of approvers, absences, users and rights at once (in the
change's transaction): the order's history says why, in the reader's language, and the new
approver gets the usual mail."""

from datetime import timedelta

from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Absence, Role
from shop.models.clock import utcnow
from shop.services.approval_routing import approvers_of, reroute_for_the_day
from shop.services.customer_center import approvers, users
from tests.clients import decide, logged_in, text_of
from tests.factories import APPROVER, events_of, make_user, order_by_number, order_over_budget, team


def routed_to(order) -> list[str]:
    db.session.expire_all()
    return [a.name for a in approvers_of(order.id)]


def test_deactivating_the_approver_routes_the_waiting_orders_to_the_main_contact(
    app, app_context, mailbox
):
    company, main, clara, anna = team()
    orders = [order_over_budget(anna) for _ in range(2)]
    mailbox.clear()

    users.set_active(main, clara, False, utcnow())

    for order in orders:
        assert routed_to(order) == ["Max Main"]
        assert events_of(order.number) == ["submit_for_approval", "reroute"]
        mailbox.wait_for(main.email, order.number)
    main_contact = logged_in(app, main)
    inbox = text_of(main_contact.get("/customer-center/approvals"))
    history = text_of(logged_in(app, anna).get(f"/orders/{orders[0].number}"))
    approved = decide(main_contact, orders[0].number, "approve")
    assert all(order.number in inbox for order in orders)
    assert "Routed to other approvers" in history
    assert "Clara Schulz was deactivated." in history
    assert "It now waits for Max Main (before: Clara Schulz)." in history
    assert approved.status_code == 302
    assert order_by_number(orders[0].number).status == "placed"


def test_the_rerouting_reason_is_shown_in_german_too(app, app_context):
    company, main, clara, anna = team()
    anna.locale = "de"
    db.session.commit()
    order = order_over_budget(anna)

    users.set_active(main, clara, False, utcnow())
    history = text_of(logged_in(app, anna).get(f"/orders/{order.number}"))

    assert "Clara Schulz wurde deaktiviert." in history
    assert "Sie wartet jetzt auf Max Main (vorher: Clara Schulz)." in history


def test_removing_an_approver_gives_the_orders_to_the_remaining_approver_who_is_mailed(
    app, app_context, mailbox
):
    company, main, clara, anna = team()
    ben = make_user(company, roles=APPROVER, name="Ben Company")
    approvers.set_company_approvers(main, [ben.id], utcnow())
    order = order_over_budget(anna)
    mailbox.clear()

    approvers.set_user_approvers(main, anna.id, [], utcnow())

    assert routed_to(order) == ["Ben Company"]
    mail = mailbox.wait_for(ben.email, order.number)
    assert "approver for the whole company" in mail.text
    assert order.number in text_of(logged_in(app, ben).get("/customer-center/approvals"))
    assert order.number not in text_of(logged_in(app, clara).get("/customer-center/approvals"))
    history = text_of(logged_in(app, anna).get(f"/orders/{order.number}"))
    assert "The approvers were changed." in history


def test_taking_the_approver_role_away_reroutes_the_waiting_orders(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    buyer_role = db.session.scalar(
        select(Role).where(
            Role.company_id == company.id, Role.predefined == PredefinedRole.BUYER.value
        )
    )

    users.update_user(main, clara, clara.name, clara.email, [buyer_role.id], utcnow())

    assert routed_to(order) == ["Max Main"]
    history = text_of(logged_in(app, anna).get(f"/orders/{order.number}"))
    assert "The roles of Clara Schulz were changed." in history


def test_an_absence_from_today_hands_the_waiting_orders_to_the_deputy(app, app_context, mailbox):
    company, main, clara, anna = team()
    dora = make_user(company, roles=APPROVER, name="Dora Deputy")
    order = order_over_budget(anna)
    mailbox.clear()
    today = utcnow().date()

    approvers.add_absence(clara, clara.id, today, today + timedelta(days=3), dora.id, utcnow())

    assert routed_to(order) == ["Dora Deputy"]
    mail = mailbox.wait_for(dora.email, order.number)
    assert "deputy for Clara Schulz" in mail.text
    history = text_of(logged_in(app, anna).get(f"/orders/{order.number}"))
    assert "An absence of Clara Schulz was entered or ended." in history


def test_a_change_that_leaves_the_routing_as_it_was_records_nothing(app, app_context):
    company, main, clara, anna = team()
    ben = make_user(company, roles=APPROVER, name="Ben Company")
    order = order_over_budget(anna)

    approvers.set_company_approvers(main, [ben.id], utcnow())
    users.set_active(main, make_user(company, name="Somebody Else"), False, utcnow())

    assert routed_to(order) == ["Clara Schulz"]
    assert events_of(order.number) == ["submit_for_approval"]


def test_when_an_absence_has_ended_the_next_day_the_orders_go_back_to_the_approver(
    app, app_context, mailbox
):
    company, main, clara, anna = team()
    dora = make_user(company, roles=APPROVER, name="Dora Deputy")
    today = utcnow().date()
    db.session.add(Absence(user_id=clara.id, start=today, end=today, deputy_id=dora.id))
    db.session.commit()
    order = order_over_budget(anna)
    routed_during_the_absence = routed_to(order)
    mailbox.clear()

    changed = reroute_for_the_day(utcnow() + timedelta(days=1))
    again = reroute_for_the_day(utcnow() + timedelta(days=1))

    assert routed_during_the_absence == ["Dora Deputy"]
    assert (changed, again) == (1, 0)
    assert routed_to(order) == ["Clara Schulz"]
    mailbox.wait_for(clara.email, order.number)
    history = text_of(logged_in(app, anna).get(f"/orders/{order.number}"))
    assert "An absence began or ended." in history
