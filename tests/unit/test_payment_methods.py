from shop.domain.orders import payment_methods_offered


def test_the_methods_the_erp_allows_are_offered():
    assert payment_methods_offered(["invoice", "prepayment"]) == {"invoice", "prepayment"}


def test_a_customer_the_erp_names_no_method_for_pays_on_account():
    assert payment_methods_offered([]) == {"invoice"}
    assert payment_methods_offered(None) == {"invoice"}


def test_the_method_an_order_has_stays_offered_when_it_is_changed():
    assert payment_methods_offered(["prepayment"], kept="direct_debit") == {
        "prepayment",
        "direct_debit",
    }
