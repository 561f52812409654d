"""Work the product page no longer does on every request (#10)."""

from flask import request

from shop.lists.forms import AddToListForm
from shop.services.shopping_lists import ListChoice


def test_the_add_to_list_form_is_built_without_reading_the_forms_message_catalogue(app):
    with app.test_request_context("/products/SKU-1", headers={"Accept-Language": "de"}):
        form = AddToListForm(lists=[ListChoice(7, "Werkstatt")], formdata=None, sku="SKU-1")

        # Flask-WTF reads wtforms' catalogue from disk, once per request, when a field
        # needs a text of its own: an unlabelled field's default label did so on every page.
        assert getattr(request, "wtforms_translations", None) is None
        assert form.target.choices[0] == ("7", "Werkstatt")
        assert 'value="SKU-1"' in form.sku()
