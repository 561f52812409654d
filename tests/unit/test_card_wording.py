"""The cards' shared texts: worded like the templates' `_()` and labels, once per page (#10)."""

from decimal import Decimal

from markupsafe import Markup

from shop.domain.stock import Availability
from shop.web.card_wording import CardWording


class CountingTranslations:
    """A catalogue that says every message in capitals and counts what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ugettext(self, message: str) -> str:
        self.asked.append(message)
        return message.upper().replace("%(RATE)S", "%(rate)s")


def wording(translations: CountingTranslations) -> CardWording:
    return CardWording(
        translations, lambda rate: f"{rate.normalize()} %", lambda label: f"<{label}>"
    )


def test_vat_text_is_translated_with_its_rate_and_escaped_like_a_template_text():
    card_wording = wording(CountingTranslations())

    text = card_wording.vat(Decimal("19.00"))

    assert text == "NET, PLUS 19 % VAT"
    assert isinstance(text, Markup)


def test_each_vat_rate_is_worded_once_per_page():
    translations = CountingTranslations()
    card_wording = wording(translations)

    texts = [card_wording.vat(Decimal(rate)) for rate in ("19.00", "7.00", "19.00", "19.00")]

    assert texts == ["NET, PLUS 19 % VAT", "NET, PLUS 7 % VAT"] + ["NET, PLUS 19 % VAT"] * 2
    assert len(translations.asked) == 2


def test_units_are_labelled_by_their_label_and_unknown_codes_shown_as_they_are():
    card_wording = wording(CountingTranslations())

    assert card_wording.unit("piece") == "<piece>"
    assert card_wording.unit("crate") == "<crate>"


def test_stock_gives_the_state_and_its_label():
    card_wording = wording(CountingTranslations())

    assert card_wording.stock(Availability(500)) == ("in_stock", "<In stock>")
    assert card_wording.stock(Availability(3)) == ("low", "<Only a few left>")
    assert card_wording.stock(Availability(0)) == ("sold_out", "<Sold out>")
    assert card_wording.stock(Availability(0, allows_backorder=True)) == (
        "backorder",
        "<Sold out – can be ordered>",
    )
    assert card_wording.stock(Availability(None)) == ("unknown", "<Availability on request>")
