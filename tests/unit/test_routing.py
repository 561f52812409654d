from datetime import date

import pytest

from shop.domain.routing import (
    Absence,
    NoApproverAvailable,
    Person,
    RoutingKind,
    RoutingReason,
    deciders_today,
    explain,
    route_approval,
)

ORDERER, ANNA, BEN, CARLA, DORA, ERIK, MAIN = 1, 2, 3, 4, 5, 6, 9
NAMES = {
    ORDERER: "Olga",
    ANNA: "Anna",
    BEN: "Ben",
    CARLA: "Carla",
    DORA: "Dora",
    ERIK: "Erik",
    MAIN: "Max",
}
TODAY = date(2026, 3, 10)


def people(*inactive: int) -> dict[int, Person]:
    return {pid: Person(pid, name, pid not in inactive) for pid, name in NAMES.items()}


def route(
    per_user=(),
    company=(),
    main_contacts=(MAIN,),
    absences=(),
    orderer=ORDERER,
    inactive=(),
    today=TODAY,
):
    return route_approval(
        orderer, per_user, company, main_contacts, people(*inactive), absences, today
    )


def away(approver: int, deputy: int, start=date(2026, 3, 9), end=date(2026, 3, 14)) -> Absence:
    return Absence(approver, start, end, deputy)


def test_per_user_approvers_override_the_company_approvers():
    routing = route(per_user=[ANNA], company=[BEN])

    assert routing.approver_ids == (ANNA,)
    assert routing.reasons == (RoutingReason(RoutingKind.PER_USER_APPROVER, ANNA, ORDERER),)


def test_company_approvers_decide_when_the_orderer_has_no_own_approver():
    routing = route(company=[BEN, CARLA])

    assert routing.approver_ids == (BEN, CARLA)
    assert {r.kind for r in routing.reasons} == {RoutingKind.COMPANY_APPROVER}


def test_the_main_contact_approves_when_nobody_is_named():
    routing = route()

    assert routing.approver_ids == (MAIN,)
    assert routing.reasons[0].kind == RoutingKind.MAIN_CONTACT_FALLBACK


def test_approvers_keep_their_order_and_appear_once():
    routing = route(company=[CARLA, BEN, CARLA])

    assert routing.approver_ids == (CARLA, BEN)
    assert len(routing.reasons) == 2


def test_an_orderer_who_is_their_own_per_user_approver_goes_to_the_other_per_user_approver():
    routing = route(per_user=[ORDERER, ANNA], company=[BEN])

    assert routing.approver_ids == (ANNA,)


def test_an_orderer_who_is_their_only_per_user_approver_goes_to_the_company_approvers():
    routing = route(per_user=[ORDERER], company=[BEN])

    assert routing.approver_ids == (BEN,)


def test_an_orderer_who_is_the_only_company_approver_goes_to_the_main_contact():
    routing = route(company=[ORDERER])

    assert routing.approver_ids == (MAIN,)
    assert routing.reasons[0].kind == RoutingKind.MAIN_CONTACT_FALLBACK


def test_a_main_contact_ordering_goes_to_another_main_contact():
    routing = route(main_contacts=[ORDERER, MAIN])

    assert routing.approver_ids == (MAIN,)


def test_the_only_main_contact_cannot_approve_their_own_order():
    with pytest.raises(NoApproverAvailable) as raised:
        route(main_contacts=[ORDERER])

    assert raised.value.orderer_id == ORDERER


def test_nobody_active_anywhere_means_no_approver_is_available():
    with pytest.raises(NoApproverAvailable):
        route(per_user=[ANNA], company=[BEN], main_contacts=[MAIN], inactive=(ANNA, BEN, MAIN))


def test_an_inactive_approver_is_skipped():
    routing = route(company=[ANNA, BEN], inactive=(ANNA,))

    assert routing.approver_ids == (BEN,)


def test_inactive_per_user_approvers_fall_back_to_the_company_approvers():
    routing = route(per_user=[ANNA], company=[BEN], inactive=(ANNA,))

    assert routing.approver_ids == (BEN,)


def test_unknown_people_are_skipped_like_inactive_ones():
    routing = route(company=[404, BEN])

    assert routing.approver_ids == (BEN,)


@pytest.mark.parametrize(
    "today",
    [date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 14)],
    ids=["first day", "middle", "last day"],
)
def test_the_deputy_decides_during_the_whole_absence(today):
    routing = route(per_user=[ANNA], absences=[away(ANNA, DORA)], today=today)

    assert routing.approver_ids == (DORA,)
    assert routing.reasons == (
        RoutingReason(
            RoutingKind.DEPUTY,
            DORA,
            ORDERER,
            deputy_for_id=ANNA,
            deputy_for_kind=RoutingKind.PER_USER_APPROVER,
            absent_until=date(2026, 3, 14),
        ),
    )


@pytest.mark.parametrize("today", [date(2026, 3, 8), date(2026, 3, 15)], ids=["before", "after"])
def test_the_approver_decides_again_outside_the_absence(today):
    routing = route(per_user=[ANNA], absences=[away(ANNA, DORA)], today=today)

    assert routing.approver_ids == (ANNA,)


def test_another_persons_absence_does_not_affect_an_approver():
    routing = route(company=[ANNA], absences=[away(BEN, DORA)])

    assert routing.approver_ids == (ANNA,)


def test_a_deputy_who_is_absent_too_hands_on_to_their_own_deputy():
    absences = [away(ANNA, DORA), away(DORA, ERIK, end=date(2026, 3, 20))]

    routing = route(company=[ANNA], absences=absences)

    assert routing.approver_ids == (ERIK,)
    reason = routing.reasons[0]
    assert (reason.deputy_for_id, reason.via_ids, reason.absent_until) == (
        ANNA,
        (DORA,),
        date(2026, 3, 14),
    )


def test_a_cycle_of_absent_deputies_is_stopped_and_the_next_level_decides():
    absences = [away(ANNA, DORA), away(DORA, ANNA)]

    routing = route(company=[ANNA], absences=absences)

    assert routing.approver_ids == (MAIN,)


def test_an_approver_who_names_themselves_as_deputy_is_treated_as_a_cycle():
    routing = route(company=[ANNA, BEN], absences=[away(ANNA, ANNA)])

    assert routing.approver_ids == (BEN,)


def test_an_inactive_deputy_cannot_stand_in():
    routing = route(company=[ANNA, BEN], absences=[away(ANNA, DORA)], inactive=(DORA,))

    assert routing.approver_ids == (BEN,)


def test_the_orderer_cannot_approve_as_a_deputy():
    routing = route(company=[ANNA], absences=[away(ANNA, ORDERER)])

    assert routing.approver_ids == (MAIN,)


def test_an_absent_main_contact_is_replaced_by_their_deputy():
    routing = route(absences=[away(MAIN, CARLA)])

    assert routing.approver_ids == (CARLA,)
    assert routing.reasons[0].deputy_for_kind == RoutingKind.MAIN_CONTACT_FALLBACK


def test_a_deputy_who_is_also_an_approver_appears_once_with_the_first_reason():
    routing = route(company=[ANNA, BEN], absences=[away(ANNA, BEN)])

    assert routing.approver_ids == (BEN,)
    assert routing.reason_for(BEN).kind == RoutingKind.DEPUTY


def test_an_absence_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Absence(ANNA, date(2026, 3, 10), date(2026, 3, 9), DORA)


@pytest.mark.parametrize(
    "reason, text",
    [
        (RoutingReason(RoutingKind.PER_USER_APPROVER, ANNA, ORDERER), "per-user approver of Olga"),
        (
            RoutingReason(RoutingKind.COMPANY_APPROVER, BEN, ORDERER),
            "approver for the whole company",
        ),
        (
            RoutingReason(RoutingKind.MAIN_CONTACT_FALLBACK, MAIN, ORDERER),
            "main contact, as no other approver is available",
        ),
        (
            RoutingReason(
                RoutingKind.DEPUTY,
                DORA,
                ORDERER,
                deputy_for_id=MAIN,
                deputy_for_kind=RoutingKind.MAIN_CONTACT_FALLBACK,
                absent_until=date(2026, 3, 14),
            ),
            "deputy for Max, absent until 14 March",
        ),
        (
            RoutingReason(
                RoutingKind.DEPUTY,
                ERIK,
                ORDERER,
                deputy_for_id=ANNA,
                deputy_for_kind=RoutingKind.COMPANY_APPROVER,
                absent_until=date(2026, 12, 1),
                via_ids=(DORA,),
            ),
            "deputy for Anna, absent until 1 December (via Dora, also absent)",
        ),
    ],
)
def test_each_reason_is_explained_in_plain_words(reason, text):
    assert explain(reason, NAMES) == text


def test_an_unknown_name_is_explained_by_id():
    reason = RoutingReason(RoutingKind.PER_USER_APPROVER, ANNA, 77)

    assert explain(reason, {}) == "per-user approver of user 77"


def deciders(per_user=(), company=(), main_contacts=(MAIN,), absences=(), inactive=()):
    return deciders_today(
        ORDERER, per_user, company, main_contacts, people(*inactive), absences, TODAY
    )


def test_deciders_today_are_the_routed_approvers_and_the_main_contact_as_fallback():
    assert deciders(per_user=[ANNA], company=[BEN]) == {ANNA, MAIN}


def test_deciders_today_leave_out_an_absent_approver_for_their_deputy():
    assert deciders(company=[BEN], absences=[away(BEN, DORA)]) == {DORA, MAIN}


def test_deciders_today_leave_out_inactive_people_and_the_orderer():
    assert deciders(company=[BEN, ORDERER], main_contacts=[MAIN, ORDERER], inactive=[BEN]) == {MAIN}


def test_deciders_today_are_nobody_when_nobody_but_the_orderer_could_decide():
    assert deciders(main_contacts=[ORDERER]) == frozenset()
