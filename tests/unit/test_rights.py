import pytest

from shop.domain.rights import (
    PREDEFINED_ROLE_RIGHTS,
    RIGHT_GROUPS,
    PredefinedRole,
    Right,
    can,
    rights_of,
    would_remove_last_main_contact,
)

R = Right

EXPECTED_BUNDLES = {
    PredefinedRole.MAIN_CONTACT: set(Right),
    PredefinedRole.BUYER: {R.SEE_PRICES, R.PLACE_ORDERS, R.SEE_OWN_ORDERS, R.DOWNLOAD_DATASHEETS},
    PredefinedRole.APPROVER: {
        R.SEE_PRICES,
        R.DECIDE_APPROVALS,
        R.SEE_OWN_ORDERS,
        R.DOWNLOAD_DATASHEETS,
    },
    PredefinedRole.CONTROLLER: {
        R.SEE_PRICES,
        R.SEE_OWN_ORDERS,
        R.SEE_COMPANY_ORDERS,
        R.SEE_REPORTS,
        R.SEE_BUDGETS,
        R.DOWNLOAD_DATASHEETS,
    },
    PredefinedRole.SERVICE_TECHNICIAN: {R.DOWNLOAD_DATASHEETS},
}


@pytest.mark.parametrize("role", list(PredefinedRole))
def test_each_predefined_role_holds_exactly_the_rights_of_spec_section_2(role):
    assert PREDEFINED_ROLE_RIGHTS[role] == EXPECTED_BUNDLES[role]


def test_every_predefined_role_has_a_bundle():
    assert set(PREDEFINED_ROLE_RIGHTS) == set(PredefinedRole)


def test_the_service_technician_sees_no_prices_and_cannot_order():
    rights = PREDEFINED_ROLE_RIGHTS[PredefinedRole.SERVICE_TECHNICIAN]

    assert not can(rights, Right.SEE_PRICES)
    assert not can(rights, Right.PLACE_ORDERS)
    assert can(rights, Right.DOWNLOAD_DATASHEETS)


def test_the_controller_sees_all_company_orders_but_cannot_order():
    rights = PREDEFINED_ROLE_RIGHTS[PredefinedRole.CONTROLLER]

    assert can(rights, Right.SEE_COMPANY_ORDERS)
    assert can(rights, Right.SEE_BUDGETS)
    assert not can(rights, Right.PLACE_ORDERS)
    assert not can(rights, Right.MANAGE_BUDGETS)


def test_an_approver_decides_but_does_not_order_unless_also_a_buyer():
    approver = PREDEFINED_ROLE_RIGHTS[PredefinedRole.APPROVER]
    buyer = PREDEFINED_ROLE_RIGHTS[PredefinedRole.BUYER]

    assert can(approver, Right.DECIDE_APPROVALS)
    assert not can(approver, Right.PLACE_ORDERS)
    assert can(rights_of([approver, buyer]), Right.PLACE_ORDERS)


def test_only_the_main_contact_manages_users_roles_budgets_approvers_and_company_data():
    admin = {R.MANAGE_USERS, R.MANAGE_ROLES, R.MANAGE_BUDGETS, R.MANAGE_APPROVERS}
    admin |= {R.EDIT_COMPANY_DATA}

    holders = {role for role, rights in PREDEFINED_ROLE_RIGHTS.items() if rights & admin}

    assert holders == {PredefinedRole.MAIN_CONTACT}


def test_a_user_with_several_roles_has_the_union_of_their_rights():
    roles = [
        PREDEFINED_ROLE_RIGHTS[PredefinedRole.CONTROLLER],
        {Right.DECIDE_APPROVALS},
    ]

    rights = rights_of(roles)

    assert rights == EXPECTED_BUNDLES[PredefinedRole.CONTROLLER] | {Right.DECIDE_APPROVALS}
    assert isinstance(rights, frozenset)


def test_a_user_without_roles_has_no_rights():
    assert rights_of([]) == frozenset()


def test_right_values_are_lowercase_snake_case_and_unique():
    values = [right.value for right in Right]

    assert all(value == value.lower() and " " not in value for value in values)
    assert len(set(values)) == len(values)


def test_every_right_appears_in_exactly_one_checkbox_group():
    listed = [right for _, rights in RIGHT_GROUPS for right in rights]

    assert sorted(listed) == sorted(Right)


@pytest.mark.parametrize(
    "main_contacts, user, still_main_contact, still_active, removes_last",
    [
        ({1}, 1, True, False, True),  # deactivating the only main contact
        ({1}, 1, False, True, True),  # taking the role from the only main contact
        ({1}, 1, False, False, True),
        ({1}, 1, True, True, False),  # a harmless edit, e.g. of the name
        ({1, 2}, 1, True, False, False),  # another active main contact remains
        ({1, 2}, 1, False, True, False),
        ({1}, 2, False, False, False),  # the user is not a main contact at all
    ],
)
def test_the_last_active_main_contact_cannot_be_deactivated_or_lose_the_role(
    main_contacts, user, still_main_contact, still_active, removes_last
):
    result = would_remove_last_main_contact(main_contacts, user, still_main_contact, still_active)

    assert result is removes_last
