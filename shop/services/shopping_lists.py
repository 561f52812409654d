"""Shopping lists (#15): create, rename, share, delete; add products and cart lines; order lines.

Who sees and who changes a list is decided in shop.domain.shopping_lists. Ordering puts lines
into the cart through the cart service, so stock and quantities are checked as for any cart
line (and budgets as for any cart); a line that cannot go in is reported, the others go in.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from shop.domain.rights import Right
from shop.domain.shopping_lists import (
    MAX_LINES,
    LineProblem,
    LineVerdict,
    ListFacts,
    Reader,
    is_valid_quantity,
    judge_line,
    may_change,
    may_see,
    merged_quantity,
)
from shop.domain.stock import UNKNOWN, InsufficientStock
from shop.extensions import db
from shop.models import Product, ShoppingList, ShoppingListLine, User
from shop.models.clock import utcnow
from shop.services import cart as carts
from shop.services.plain_rows import rows_of
from shop.services.stock import stock_for
from shop.services.unit_of_work import unit_of_work


class ListNotFound(Exception):
    """No list of this id that the user may see: the views answer 404."""


class ListNotChangeable(Exception):
    """The user sees the list (it is shared) but may not change it."""


class ListProblem(StrEnum):
    NAME_TAKEN = "name_taken"
    UNKNOWN_PRODUCT = "unknown_product"
    QUANTITY = "quantity"
    FULL = "full"
    LINE_GONE = "line_gone"  # removed already (a double click, another tab)
    NOTHING_CHOSEN = "nothing_chosen"
    EMPTY_CART = "empty_cart"


class ListError(Exception):
    """A change to a list that cannot be made; `reason` says why."""

    def __init__(self, reason: ListProblem) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ListTarget:
    """Where added products go: an existing list (by id) or a new one (by name)."""

    list_id: int | None = None
    new_name: str | None = None


@dataclass(frozen=True)
class ListSummary:
    shopping_list: ShoppingList
    line_count: int
    changeable: bool


@dataclass(frozen=True)
class LineOutcome:
    line: ShoppingListLine
    verdict: LineVerdict


@dataclass(frozen=True)
class OrderOutcome:
    """What ordering a list did: the lines put into the cart and those refused, with why."""

    added: list[LineOutcome]
    refused: list[LineOutcome]


def reader_of(user: User) -> Reader:
    # §2: rights, not role names: whoever manages the company's users is its main contact here.
    return Reader(user.id, user.company_id, user.can(Right.MANAGE_USERS))


def visible_lists(user: User) -> list[ShoppingList]:
    """The user's own lists and the company's shared ones, by name."""
    return list(
        db.session.scalars(
            select(ShoppingList)
            .where(
                ShoppingList.company_id == user.company_id,
                (ShoppingList.owner_id == user.id) | ShoppingList.shared,
            )
            .options(selectinload(ShoppingList.owner))
            .order_by(func.lower(ShoppingList.name), ShoppingList.id)
        )
    )


def list_summaries(user: User) -> list[ListSummary]:
    """The lists the user sees, each with its number of lines and whether they may change it."""
    lists = visible_lists(user)
    counts = dict(
        db.session.execute(
            select(ShoppingListLine.list_id, func.count(ShoppingListLine.id))
            .where(ShoppingListLine.list_id.in_([found.id for found in lists]))
            .group_by(ShoppingListLine.list_id)
        ).all()
    )
    reader = reader_of(user)
    return [
        ListSummary(found, counts.get(found.id, 0), may_change(found.facts, reader))
        for found in lists
    ]


@dataclass(frozen=True, slots=True)
class ListChoice:
    """A list the user may add to, as "Add to list" offers it."""

    id: int
    name: str


# The facts may_change needs and the name, as plain rows from a statement built once: the
# lists as entities with their owners (two statements) cost a product page more CPU than
# the rest of its "Add to list" box (#10).
_VISIBLE_LIST_FACTS = (
    select(
        ShoppingList.id,
        ShoppingList.name,
        ShoppingList.company_id,
        ShoppingList.owner_id,
        ShoppingList.shared,
    )
    .where(
        ShoppingList.company_id == bindparam("company_id"),
        (ShoppingList.owner_id == bindparam("user_id")) | ShoppingList.shared,
    )
    .order_by(func.lower(ShoppingList.name), ShoppingList.id)
)


def changeable_lists(user: User) -> list[ListChoice]:
    """The lists the user may add to (the choices of "Add to list"), by name."""
    reader = reader_of(user)
    rows = rows_of(_VISIBLE_LIST_FACTS, {"company_id": user.company_id, "user_id": user.id})
    return [
        ListChoice(row.id, row.name)
        for row in rows
        if may_change(ListFacts(row.company_id, row.owner_id, row.shared), reader)
    ]


def find_list(user: User, list_id: int) -> ShoppingList:
    """The list with its lines and products; ListNotFound unless the user may see it."""
    found = db.session.get(
        ShoppingList,
        list_id,
        options=[selectinload(ShoppingList.lines).selectinload(ShoppingListLine.product)],
    )
    if found is None or not may_see(found.facts, reader_of(user)):
        raise ListNotFound()
    return found


def may_change_list(user: User, shopping_list: ShoppingList) -> bool:
    return may_change(shopping_list.facts, reader_of(user))


def _lock_list(user: User, list_id: int) -> ShoppingList:
    """Hold the list for this unit of work (two changes to one list run one after the other)."""
    found = db.session.scalar(
        select(ShoppingList)
        .where(ShoppingList.id == list_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    reader = reader_of(user)
    if found is None or not may_see(found.facts, reader):
        raise ListNotFound()
    if not may_change(found.facts, reader):
        raise ListNotChangeable()
    return found


def _name_taken(owner_id: int, name: str, except_id: int | None = None) -> bool:
    query = select(ShoppingList.id).where(
        ShoppingList.owner_id == owner_id, func.lower(ShoppingList.name) == name.lower()
    )
    if except_id is not None:
        query = query.where(ShoppingList.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def _new_list(user: User, name: str, shared: bool = False) -> ShoppingList:
    name = name.strip()
    if _name_taken(user.id, name):
        raise ListError(ListProblem.NAME_TAKEN)
    created = ShoppingList(company_id=user.company_id, owner_id=user.id, name=name, shared=shared)
    db.session.add(created)
    db.session.flush()
    return created


def _written(change):
    """Run a change in a unit of work; a name taken in the same moment is NAME_TAKEN."""
    try:
        with unit_of_work():
            return change()
    except IntegrityError as error:
        # A product is on a list once, but the list is locked while it changes: the one
        # unique key two requests can race for is a name per owner.
        if "owner_id" in str(error.orig):
            raise ListError(ListProblem.NAME_TAKEN) from error
        raise


def create_list(user: User, name: str, shared: bool = False) -> int:
    """A new, empty list of the user's; its id."""
    return _written(lambda: _new_list(user, name, shared).id)


def rename_list(user: User, list_id: int, name: str) -> None:
    """Give a list a new name, unique among its owner's lists."""

    def change() -> None:
        found = _lock_list(user, list_id)
        if _name_taken(found.owner_id, name.strip(), except_id=found.id):
            raise ListError(ListProblem.NAME_TAKEN)
        found.name = name.strip()

    _written(change)


def share_list(user: User, list_id: int, shared: bool) -> None:
    """Share a list with the company, or make it personal again."""
    with unit_of_work():
        _lock_list(user, list_id).shared = shared


def delete_list(user: User, list_id: int) -> None:
    """Delete a list and its lines."""
    with unit_of_work():
        db.session.delete(_lock_list(user, list_id))


def _target_list(user: User, target: ListTarget) -> ShoppingList:
    if target.list_id is not None:
        return _lock_list(user, target.list_id)
    return _new_list(user, target.new_name or "")


def _add(found: ShoppingList, product_id: int, quantity: int, note: str | None) -> None:
    line = db.session.scalar(
        select(ShoppingListLine).where(
            ShoppingListLine.list_id == found.id, ShoppingListLine.product_id == product_id
        )
    )
    if line is None:
        count = db.session.scalar(
            select(func.count(ShoppingListLine.id)).where(ShoppingListLine.list_id == found.id)
        )
        if count >= MAX_LINES:
            raise ListError(ListProblem.FULL)
        db.session.add(
            ShoppingListLine(
                list_id=found.id, product_id=product_id, quantity=quantity, note=note or ""
            )
        )
    else:
        line.quantity = merged_quantity(line.quantity, quantity)
        if note:
            line.note = note
    found.updated_at = utcnow()  # a change of its lines changes the list
    db.session.flush()


def add_product(
    user: User, target: ListTarget, sku: str, quantity: int, note: str = ""
) -> ShoppingList:
    """Put a product on a list (a new one, or one the user may change); the list.

    A product the list holds already gets its quantity raised (and the new note, if any).
    """
    if not is_valid_quantity(quantity):
        raise ListError(ListProblem.QUANTITY)
    product_id = db.session.scalar(select(Product.id).where(Product.sku == sku, Product.published))
    if product_id is None:
        raise ListError(ListProblem.UNKNOWN_PRODUCT)

    def change() -> ShoppingList:
        found = _target_list(user, target)
        _add(found, product_id, quantity, note.strip())
        return found

    return _written(change)


def save_cart(user: User, target: ListTarget) -> tuple[ShoppingList, int]:
    """Put every line of the user's cart on a list; the list and the number of lines."""
    cart = carts.find_cart(user)
    quantities = (
        [(line.product_id, line.quantity) for line in cart.lines if line.product.published]
        if cart
        else []
    )
    if not quantities:
        raise ListError(ListProblem.EMPTY_CART)

    def change() -> ShoppingList:
        found = _target_list(user, target)
        for product_id, quantity in quantities:
            _add(found, product_id, quantity, None)
        return found

    return _written(change), len(quantities)


def _own_line(found: ShoppingList, line_id: int) -> ShoppingListLine:
    line = db.session.get(ShoppingListLine, line_id)
    if line is None or line.list_id != found.id:
        raise ListError(ListProblem.LINE_GONE)
    return line


def update_line(user: User, list_id: int, line_id: int, quantity: int, note: str) -> None:
    """Change a line's quantity and note."""
    if not is_valid_quantity(quantity):
        raise ListError(ListProblem.QUANTITY)
    with unit_of_work():
        line = _own_line(_lock_list(user, list_id), line_id)
        line.quantity = quantity
        line.note = note.strip()


def remove_line(user: User, list_id: int, line_id: int) -> None:
    """Take a line off the list."""
    with unit_of_work():
        db.session.delete(_own_line(_lock_list(user, list_id), line_id))


def order_lines(user: User, list_id: int, line_ids: set[int] | None = None) -> OrderOutcome:
    """Put the list's lines (all, or those chosen) into the user's cart, as far as they fit.

    Each line is judged on its own (published, in stock with what the cart holds, within the
    maximum quantity); those that pass go into the cart in one unit of work through the cart
    service, which checks the stock again against the locked cart.
    """
    found = find_list(user, list_id)
    chosen = [line for line in found.lines if line_ids is None or line.id in line_ids]
    if not chosen:
        raise ListError(ListProblem.NOTHING_CHOSEN)
    # Asked before the cart is locked: the ERP may be slow.
    stock = stock_for(line.product for line in chosen if line.product.published)
    cart = carts.find_cart(user)
    in_cart = {line.product_id: line.quantity for line in cart.lines} if cart else {}
    verdicts = {
        line.id: judge_line(
            line.product.sku,
            line.product.published,
            stock.get(line.product.sku, UNKNOWN),
            line.quantity,
            in_cart.get(line.product_id, 0),
        )
        for line in chosen
    }
    addable = [line for line in chosen if verdicts[line.id].is_addable]
    while addable:
        try:
            carts.add_lines(
                user,
                {line.product_id: line.quantity for line in addable},
                {line.product_id: stock[line.product.sku] for line in addable},
            )
            break
        except InsufficientStock as short:
            # The cart changed in between (another tab): those lines are refused, the rest
            # tried again.
            by_sku = {shortage.sku: shortage for shortage in short.shortages}
            for line in addable:
                if line.product.sku in by_sku:
                    verdicts[line.id] = LineVerdict(LineProblem.STOCK, by_sku[line.product.sku])
            addable = [line for line in addable if verdicts[line.id].is_addable]
    outcomes = [LineOutcome(line, verdicts[line.id]) for line in chosen]
    return OrderOutcome(
        [o for o in outcomes if o.verdict.is_addable],
        [o for o in outcomes if not o.verdict.is_addable],
    )
