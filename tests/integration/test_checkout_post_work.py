"""Work placing an order (POST /checkout) no longer does (#10)."""

from babel import support
from wtforms.i18n import messages_path

from tests.clients import add, checkout_form
from tests.factories import make_company, make_product, make_user


def test_placing_an_order_does_not_read_the_forms_message_catalogue(
    client, csrf, login_as, erp, monkeypatch
):
    login_as(make_user(make_company(customer_number="10001")))
    add(client, csrf, make_product().sku, 2)
    form = checkout_form(client, csrf)
    loaded: list[str] = []
    load = support.Translations.load

    def record(dirname=None, *args, **kwargs):
        loaded.append(str(dirname))
        return load(dirname, *args, **kwargs)

    # Flask-WTF reads wtforms' catalogue from disk, once per request, when a field needs a
    # text of its own: the checkout token's default label did so on every checkout.
    monkeypatch.setattr(support.Translations, "load", record)
    response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert str(messages_path()) not in loaded
