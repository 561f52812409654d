"""Line and order totals: net per line, VAT per rate, gross."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from shop.domain.money import Money, round_money


@dataclass(frozen=True)
class PricedLine:
    sku: str
    quantity: int
    unit_price: Money
    vat_rate: Decimal  # percent, e.g. Decimal("19.00")

    @property
    def net(self) -> Money:
        return self.unit_price.times(self.quantity).rounded()


@dataclass(frozen=True)
class Totals:
    net: Money
    vat_by_rate: dict[Decimal, Money]
    vat: Money
    gross: Money
    quantity: int


def compute_totals(lines: Iterable[PricedLine], currency: str) -> Totals:
    """Sum the lines; VAT is computed once per rate on the net sum, as on an invoice."""
    net = Money.zero(currency)
    net_by_rate: dict[Decimal, Money] = {}
    quantity = 0
    for line in lines:
        net = net + line.net
        net_by_rate[line.vat_rate] = net_by_rate.get(line.vat_rate, Money.zero(currency)) + line.net
        quantity += line.quantity
    vat_by_rate = {
        rate: Money(round_money(base.amount * rate / 100), currency)
        for rate, base in sorted(net_by_rate.items())
    }
    vat = sum(vat_by_rate.values(), Money.zero(currency))
    return Totals(net=net, vat_by_rate=vat_by_rate, vat=vat, gross=net + vat, quantity=quantity)


def gross_price(net: Money, vat_rate: Decimal) -> Money:
    """The gross price of one unit, for showing 'incl. VAT' next to the net price."""
    return Money(round_money(net.amount * (100 + vat_rate) / 100), net.currency)
