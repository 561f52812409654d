"""Product types edited in the back office (#12, §13): list, create, change, delete.

Changing a type's requirements re-runs the content firewall over its products in the same
unit of work as the change: a published product that now fails is held back with its reasons,
one held back by the firewall that now passes is published, and a product unpublished without
the firewall's reasons is left alone (shop/domain/product_types.py says why). Before saving,
`preview_change` tells the operator what the change would do, without writing anything.
"""

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from shop.domain.content_firewall import Finding, TypeRules, check_content
from shop.domain.product_types import (
    Recheck,
    TypeChange,
    TypeDraft,
    TypeField,
    TypeIssue,
    TypeProblem,
    describe_change,
    recheck,
    rules_of,
    validate_type,
)
from shop.domain.staff import StaffAction
from shop.extensions import db
from shop.models import (
    Product,
    ProductContentProblem,
    ProductType,
    ProductTypeAttribute,
    StaffMember,
)
from shop.services.live_categories import refresh_live_categories
from shop.services.product_content import (
    apply_findings,
    draft_of,
    held_by_firewall,
    record_of,
)
from shop.services.staff import record_action
from shop.services.unit_of_work import unit_of_work

BATCH = 500
SAMPLE = 5  # products named in a preview, per outcome


class ProductTypeNotFound(LookupError):
    """No product type has this id."""


class ProductTypeInUse(Exception):
    """Products use this type, so it cannot be deleted."""


class InvalidProductType(ValueError):
    """The draft cannot be saved; `issues` says why."""

    def __init__(self, issues: list[TypeIssue]) -> None:
        super().__init__(", ".join(issue.problem.value for issue in issues))
        self.issues = issues


@dataclass(frozen=True)
class TypeSummary:
    """A row of the list: the type with how many products it has, and in which state."""

    id: int
    name_en: str
    name_de: str
    attributes: int
    products: int
    published: int
    held_back: int  # unpublished with the firewall's reasons
    withdrawn: int  # unpublished without them (not checked yet, or by hand)


@dataclass(frozen=True)
class NamedProduct:
    sku: str
    name_en: str
    name_de: str


@dataclass
class RecheckResult:
    """What a change does (preview) or did (saved) to the type's products."""

    publish: int = 0
    hold_back: int = 0
    left_alone: int = 0
    published_sample: list[NamedProduct] = field(default_factory=list)
    held_back_sample: list[NamedProduct] = field(default_factory=list)

    def count(self, outcome: Recheck, product: Product) -> None:
        named = NamedProduct(product.sku, product.name_en, product.name_de)
        if outcome is Recheck.PUBLISH:
            self.publish += 1
            if len(self.published_sample) < SAMPLE:
                self.published_sample.append(named)
        elif outcome is Recheck.HOLD_BACK:
            self.hold_back += 1
            if len(self.held_back_sample) < SAMPLE:
                self.held_back_sample.append(named)
        elif outcome is Recheck.LEFT_ALONE:
            self.left_alone += 1


def type_summaries() -> list[TypeSummary]:
    """Every product type by English name, with its products counted by state (a few dozen
    types: no pagination)."""
    held = (
        select(ProductContentProblem.id)
        .where(ProductContentProblem.product_id == Product.id)
        .exists()
    )
    counts = {
        type_id: (total, published, held_back)
        for type_id, total, published, held_back in db.session.execute(
            select(
                Product.product_type_id,
                func.count(),
                func.count().filter(Product.published),
                func.count().filter(Product.published.is_(False), held),
            )
            .where(Product.product_type_id.is_not(None))
            .group_by(Product.product_type_id)
        )
    }
    attributes = dict(
        db.session.execute(
            select(ProductTypeAttribute.product_type_id, func.count()).group_by(
                ProductTypeAttribute.product_type_id
            )
        )
        .tuples()
        .all()
    )
    summaries = []
    for product_type in db.session.scalars(select(ProductType).order_by(ProductType.name_en)):
        total, published, held_back = counts.get(product_type.id, (0, 0, 0))
        summaries.append(
            TypeSummary(
                product_type.id,
                product_type.name_en,
                product_type.name_de,
                attributes.get(product_type.id, 0),
                total,
                published,
                held_back,
                total - published - held_back,
            )
        )
    return summaries


def product_type(type_id: int) -> ProductType:
    """The type with its attributes; ProductTypeNotFound if there is none."""
    found = db.session.scalar(
        select(ProductType)
        .where(ProductType.id == type_id)
        .options(selectinload(ProductType.attributes))
    )
    if found is None:
        raise ProductTypeNotFound(type_id)
    return found


def product_count(type_id: int) -> int:
    """How many products are of this type (its code is fixed from the first one on)."""
    return db.session.scalar(
        select(func.count()).select_from(Product).where(Product.product_type_id == type_id)
    )


def check_draft(draft: TypeDraft, type_id: int | None = None) -> list[TypeIssue]:
    """The draft's problems against the stored types (`type_id`: the type it changes)."""
    taken = set(
        db.session.scalars(select(ProductType.code).where(ProductType.id != (type_id or 0)))
    )
    issues = validate_type(draft, taken)
    if type_id is not None and draft.code != product_type(type_id).code and product_count(type_id):
        issues.append(TypeIssue(TypeProblem.CODE_LOCKED, TypeField.CODE))
    return issues


def preview_change(type_id: int, draft: TypeDraft) -> RecheckResult:
    """What saving `draft` would do to the type's products; writes nothing."""
    result = RecheckResult()
    for product, _findings, outcome in _rechecks(type_id, rules_of(draft)):
        result.count(outcome, product)
    return result


def create_type(draft: TypeDraft, staff: StaffMember, now: datetime) -> ProductType:
    """Add a product type (it has no products yet). InvalidProductType if the draft is bad."""
    with unit_of_work():
        _refuse_invalid(draft, None)
        created = ProductType(code=draft.code, attributes=[])
        _store(created, draft)
        db.session.add(created)
        _flush_or_refuse(draft)
        record_action(staff, StaffAction.PRODUCT_TYPE, now, detail=_detail("create", draft))
        return created


def change_type(type_id: int, draft: TypeDraft, staff: StaffMember, now: datetime) -> RecheckResult:
    """Save the type and re-run the firewall over its products, audited, in one unit of work.
    ProductTypeNotFound, InvalidProductType."""
    with unit_of_work():
        stored = product_type(type_id)
        _refuse_invalid(draft, type_id)
        before = draft_of(stored)
        stored.code = draft.code
        _store(stored, draft)
        _flush_or_refuse(draft)
        result = RecheckResult()
        changed: dict[int, list[Finding]] = {}
        for product, findings, outcome in _rechecks(type_id, rules_of(draft)):
            result.count(outcome, product)
            # Held back (now or still): its reasons are rewritten to the new rules.
            if outcome is not Recheck.LEFT_ALONE and (findings or not product.published):
                changed[product.id] = findings
            if len(changed) >= BATCH:
                apply_findings(changed)
                changed = {}
        apply_findings(changed)
        if result.publish or result.hold_back:
            # Published or held back: their categories may go live or off, and their kept
            # facet counts change (#11).
            refresh_live_categories(
                db.session.scalars(
                    select(Product.category_id).where(Product.product_type_id == type_id).distinct()
                )
            )
        record_action(
            staff,
            StaffAction.PRODUCT_TYPE,
            now,
            detail=_detail("change", draft, result, describe_change(before, draft)),
        )
        return result


def delete_type(type_id: int, staff: StaffMember, now: datetime) -> None:
    """Delete an unused type. ProductTypeNotFound; ProductTypeInUse while products use it."""
    with unit_of_work():
        stored = product_type(type_id)
        if product_count(type_id):
            raise ProductTypeInUse(type_id)
        draft = draft_of(stored)
        db.session.delete(stored)
        try:
            db.session.flush()
        except IntegrityError:  # a product got the type meanwhile
            raise ProductTypeInUse(type_id) from None
        record_action(staff, StaffAction.PRODUCT_TYPE, now, detail=_detail("delete", draft))


def _refuse_invalid(draft: TypeDraft, type_id: int | None) -> None:
    issues = check_draft(draft, type_id)
    if issues:
        raise InvalidProductType(issues)


def _flush_or_refuse(draft: TypeDraft) -> None:
    try:
        db.session.flush()
    except IntegrityError:  # another operator saved a type with this code meanwhile
        raise InvalidProductType([TypeIssue(TypeProblem.CODE_TAKEN, TypeField.CODE)]) from None


def _store(target: ProductType, draft: TypeDraft) -> None:
    target.name_en = draft.name_en.strip()
    target.name_de = draft.name_de.strip()
    target.requires_image = draft.requires_image
    target.requires_datasheet = draft.requires_datasheet
    # The rows are replaced as a whole: nothing refers to them, the key is what counts.
    target.attributes = [
        ProductTypeAttribute(
            position=position,
            key=a.key,
            label_en=a.label_en.strip(),
            label_de=a.label_de.strip(),
            kind=a.kind,
            unit=a.unit or None,
            allowed_values=list(a.values_en),
            allowed_values_de=list(a.values_de),
            required=a.required,
        )
        for position, a in enumerate(draft.attributes)
    ]


def _rechecks(type_id: int, rules: TypeRules) -> Iterator[tuple[Product, list[Finding], Recheck]]:
    """Each product of the type with what the firewall finds under `rules` and what follows."""
    ids = list(
        db.session.scalars(
            select(Product.id).where(Product.product_type_id == type_id).order_by(Product.id)
        )
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        held = held_by_firewall(chunk)
        products = db.session.scalars(
            select(Product)
            .where(Product.id.in_(chunk))
            .order_by(Product.id)
            .options(selectinload(Product.attributes), selectinload(Product.media))
        )
        for product in products:
            findings = check_content(record_of(product), rules)
            yield product, findings, recheck(product.published, product.id in held, not findings)


def _detail(
    operation: str,
    draft: TypeDraft,
    result: RecheckResult | None = None,
    change: TypeChange | None = None,
) -> str:
    """The audit entry's detail: read back in words by shop.web.labels.product_types."""
    detail: dict = {"op": operation, "name_en": draft.name_en, "name_de": draft.name_de}
    if result is not None:
        detail |= {"held_back": result.hold_back, "published": result.publish}
    if change is not None:
        detail |= asdict(change)
    return json.dumps(detail, ensure_ascii=False)
