"""Numbers and money in the request's locale, exactly as Babel writes them, but fast (#10).

Babel's format_currency and format_decimal look up the locale's symbols, pattern and the
currency's name and digits anew on every call (~0.1–0.3 ms each): a catalogue page with
24 cards spent more time there than in SQL. A NumberFormat reads all of that once per
locale, pattern and currency (CLDR data does not change while the process runs, so the
cache is pure and needs no expiry) and then only rounds and groups digits. Patterns this
shortcut does not cover (scientific, significant digits, percent scaling, quoted text,
currency names, a quote as group sign) and infinite or NaN values are handed to Babel itself.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, numbers
from flask_babel import get_locale


@dataclass(frozen=True)
class NumberFormat:
    """One locale's pattern with everything it needs resolved; format() applies it."""

    prefix: tuple[str, str]  # positive, negative
    suffix: tuple[str, str]
    grouping: tuple[int, int]  # first group, further groups
    min_int: int
    min_frac: int
    max_frac: int
    group_symbol: str
    decimal_symbol: str
    quantum: Decimal
    # Groups of three and a fixed number of decimals (money): Python's own formatting
    # writes the digits, this table swaps in the locale's signs.
    signs: dict[int, str] | None = None

    def format(self, value: Decimal | int) -> str:
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        negative = value.is_signed()
        if self.signs is not None:
            digits = f"{abs(value):,.{self.max_frac}f}".translate(self.signs)
            return self.prefix[negative] + digits + self.suffix[negative]
        value = abs(value).normalize()
        whole, _, fraction = f"{value.quantize(self.quantum):f}".partition(".")
        return "".join(
            (
                self.prefix[negative],
                self._group(whole),
                self._fraction(fraction or "0"),
                self.suffix[negative],
            )
        )

    def _group(self, digits: str) -> str:
        digits = digits.rjust(self.min_int, "0")
        size, groups = self.grouping[0], []
        while len(digits) > size:
            groups.append(digits[-size:])
            digits = digits[:-size]
            size = self.grouping[1]
        groups.append(digits)
        return self.group_symbol.join(reversed(groups))

    def _fraction(self, digits: str) -> str:
        digits = digits.ljust(self.min_frac, "0")
        if self.max_frac == 0 or (self.min_frac == 0 and int(digits) == 0):
            return ""
        while len(digits) > self.min_frac and digits[-1] == "0":
            digits = digits[:-1]
        return self.decimal_symbol + digits


def format_money(amount: Decimal | int, currency: str, locale: Locale | None = None) -> str:
    """An amount in a currency, as Babel's format_currency writes it for the locale."""
    locale = locale or get_locale()
    found = _number_format(*_key(locale), None, currency) if locale else None
    if found is None or not _is_finite(amount):
        return numbers.format_currency(amount, currency, locale=locale)
    return found.format(amount)


def format_number(
    value: Decimal | int, pattern: str | None = None, locale: Locale | None = None
) -> str:
    """A number, as Babel's format_decimal writes it for the locale (and pattern)."""
    locale = locale or get_locale()
    found = _number_format(*_key(locale), pattern, None) if locale else None
    if found is None or not _is_finite(value):
        return numbers.format_decimal(value, pattern, locale=locale)
    return found.format(value)


def _key(locale: Locale) -> tuple[str, str | None, str | None, str | None]:
    # The identifier's parts: cheaper to build than str(locale), and hashable.
    return locale.language, locale.territory, locale.script, locale.variant


def _is_finite(value: Decimal | int) -> bool:
    return not isinstance(value, Decimal) or value.is_finite()


@lru_cache(maxsize=256)
def _number_format(
    language: str,
    territory: str | None,
    script: str | None,
    variant: str | None,
    pattern: str | None,
    currency: str | None,
) -> NumberFormat | None:
    """The resolved format, or None where Babel's own code must do the work."""
    locale = Locale(language, territory, script, variant)
    if pattern is not None:
        parsed = numbers.parse_pattern(pattern)
    elif currency is not None:
        parsed = locale.currency_formats["standard"]
    else:
        parsed = locale.decimal_formats[None]
    affixes = "".join(parsed.prefix + parsed.suffix)
    if (
        parsed.exp_prec
        or parsed.scale
        or "@" in parsed.pattern
        or parsed.number_pattern == ""
        or "'" in affixes
        or "¤¤¤" in affixes
    ):
        return None
    group_symbol = numbers.get_group_symbol(locale)
    decimal_symbol = numbers.get_decimal_symbol(locale)
    if "'" in group_symbol + decimal_symbol:
        return None  # Babel drops quote pairs from its output (de_CH groups with "'")
    if currency is not None:
        digits = numbers.get_currency_precision(currency)
        frac_prec = (digits, digits)
        symbol = numbers.get_currency_symbol(currency, locale)
        prefix = tuple(_with_currency(text, currency, symbol) for text in parsed.prefix)
        suffix = tuple(_with_currency(text, currency, symbol) for text in parsed.suffix)
    else:
        frac_prec = parsed.frac_prec
        prefix, suffix = parsed.prefix, parsed.suffix
    return NumberFormat(
        prefix=prefix,
        suffix=suffix,
        grouping=parsed.grouping,
        min_int=parsed.int_prec[0],
        min_frac=frac_prec[0],
        max_frac=frac_prec[1],
        group_symbol=group_symbol,
        decimal_symbol=decimal_symbol,
        quantum=numbers.get_decimal_quantum(frac_prec[1]),
        signs=str.maketrans({",": group_symbol, ".": decimal_symbol})
        if parsed.grouping == (3, 3) and parsed.int_prec[0] <= 1 and frac_prec[0] == frac_prec[1]
        else None,
    )


def _with_currency(text: str, currency: str, symbol: str) -> str:
    return text.replace("¤¤", currency.upper()).replace("¤", symbol)
