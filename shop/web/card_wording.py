"""What product cards say alike, worded once per rendered page (#10).

A grid of 24 cards asked gettext, the unit and stock labels and the VAT percentage anew for
every card (a dozen template calls each, ~0.2 ms a card). A catalogue page has a handful of
units, VAT rates and stock states: each text is worded once per page and looked up after.
"""

from decimal import Decimal

from babel.support import Translations
from markupsafe import Markup

from shop.domain.stock import Availability, stock_state
from shop.web import labels
from shop.web.labels import stock as stock_labels


class CardWording:
    """The texts of one page's cards, in one language; build one per render."""

    def __init__(
        self, translations: Translations, percent, translate, autoescape: bool = True
    ) -> None:
        # percent: Decimal -> its text in the render's locale; translate: a label's text.
        self._translations = translations
        self._percent = percent
        self._translate = translate
        self._autoescape = autoescape
        self._vat: dict[Decimal, str] = {}
        self._units: dict[str, str] = {}
        self._states = {
            state: translate(label) for state, label in stock_labels.STOCK_STATE_LABELS.items()
        }

    def vat(self, rate: Decimal) -> str:
        """The VAT line ("net, plus 19 % VAT"), as `_()` in a template words it."""
        text = self._vat.get(rate)
        if text is None:
            message = self._translations.ugettext("net, plus %(rate)s VAT")
            if self._autoescape:
                message = Markup(message)
            text = self._vat[rate] = message % {"rate": self._percent(rate)}
        return text

    def unit(self, code: str) -> str:
        """The unit's label (labels.unit_label)."""
        text = self._units.get(code)
        if text is None:
            text = self._units[code] = self._translate(labels.UNIT_LABELS.get(code, code))
        return text

    def stock(self, availability: Availability) -> tuple[str, str]:
        """The card's stock state (its CSS class) and its label, the state worked out once."""
        state = stock_state(availability)
        return state.value, self._states[state]
