"""Money: a Decimal amount with its currency; never float."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Round commercially to cents (half up, as on an invoice)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217; the shop's comes from its config, never a default here

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money needs a Decimal amount")

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, quantity: int) -> "Money":
        return Money(self.amount * quantity, self.currency)

    def rounded(self) -> "Money":
        return Money(round_money(self.amount), self.currency)

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(Decimal("0.00"), currency)

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency}")
