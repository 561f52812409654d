"""Publishing products through the content firewall (#12, §13).

The one publish path: whatever changes a product's content or its type's requirements asks
`apply_firewall`, which publishes the product when the firewall finds nothing and otherwise
unpublishes it and keeps the problems as its reasons (shown by the back office's report).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import selectinload

from shop.domain.content_firewall import (
    AttributeEntry,
    ContentRecord,
    Finding,
    TypeRules,
    check_content,
)
from shop.domain.product_types import AttributeDraft, Recheck, TypeDraft, recheck, rules_of
from shop.domain.staff import StaffAction
from shop.extensions import db
from shop.models import Product, ProductContentProblem, ProductType, StaffMember
from shop.services.live_categories import refresh_live_categories
from shop.services.staff import record_action
from shop.services.unit_of_work import unit_of_work


class ProductNotFound(LookupError):
    """No product has this SKU."""


def type_rules(product_type: ProductType) -> TypeRules:
    """The firewall's view of a stored product type: its rules as the editor's draft has them."""
    return rules_of(draft_of(product_type))


def draft_of(found: ProductType) -> TypeDraft:
    """A stored type as the editor shows it."""
    return TypeDraft(
        code=found.code,
        name_en=found.name_en,
        name_de=found.name_de,
        requires_image=found.requires_image,
        requires_datasheet=found.requires_datasheet,
        attributes=tuple(
            AttributeDraft(
                key=a.key,
                label_en=a.label_en,
                label_de=a.label_de,
                kind=a.kind,
                unit=a.unit or "",
                values_en=tuple(a.allowed_values or ()),
                values_de=tuple(a.allowed_values_de or ()),
                required=a.required,
            )
            for a in found.attributes
        ),
    )


def rules_by_type_id() -> dict[int, TypeRules]:
    """Every product type's rules, read once for a batch of products."""
    types = db.session.scalars(select(ProductType).options(selectinload(ProductType.attributes)))
    return {product_type.id: type_rules(product_type) for product_type in types}


def record_of(product: Product) -> ContentRecord:
    """A stored product as the firewall sees it."""
    kinds = {media.kind for media in product.media}
    return ContentRecord(
        name_en=product.name_en,
        name_de=product.name_de,
        price=product.list_price,
        has_image="image" in kinds,
        has_datasheet="datasheet" in kinds,
        attributes={
            a.key: AttributeEntry(a.value_en, a.number, a.unit, a.value_de)
            for a in product.attributes
        },
    )


def problem_rows(product_id: int, findings: Sequence[Finding]) -> list[dict]:
    """The rows that keep `findings` as a product's reasons (for a bulk insert)."""
    return [
        {
            "product_id": product_id,
            "problem": finding.problem.value,
            "key": finding.key,
            "detail": finding.detail[:200],
        }
        for finding in findings
    ]


def apply_firewall(product: Product, rules: TypeRules | None) -> list[Finding]:
    """Publish `product` if it passes `rules` (its type's), else unpublish it with the reasons;
    in the caller's unit of work. Returns what the firewall found."""
    findings = check_content(record_of(product), rules)
    product.published = not findings
    db.session.execute(
        delete(ProductContentProblem).where(ProductContentProblem.product_id == product.id)
    )
    rows = problem_rows(product.id, findings)
    if rows:
        db.session.execute(insert(ProductContentProblem), rows)
    return findings


def apply_findings(findings_by_product: Mapping[int, Sequence[Finding]]) -> None:
    """apply_firewall for a batch of products already checked: publish those with no
    findings, unpublish the others with their reasons; a few statements per batch, in the
    caller's unit of work (the product type editor re-checks thousands at once)."""
    ids = list(findings_by_product)
    if not ids:
        return
    passing = [i for i in ids if not findings_by_product[i]]
    failing = [i for i in ids if findings_by_product[i]]
    for chosen, published in ((passing, True), (failing, False)):
        if chosen:
            db.session.execute(
                update(Product)
                .where(Product.id.in_(chosen))
                .values(published=published)
                .execution_options(synchronize_session=False)
            )
    db.session.execute(
        delete(ProductContentProblem).where(ProductContentProblem.product_id.in_(ids))
    )
    rows = [row for i in failing for row in problem_rows(i, findings_by_product[i])]
    if rows:
        db.session.execute(insert(ProductContentProblem), rows)


def publish_product(
    sku: str, staff: StaffMember | None = None, now: datetime | None = None
) -> list[Finding]:
    """Check the product with this SKU and publish it when it passes; returns the problems that
    keep it unpublished (empty: published). ProductNotFound for an unknown SKU. A staff
    member's check is audited in the same unit of work."""
    with unit_of_work():
        product = db.session.scalar(_with_content(select(Product).where(Product.sku == sku)))
        if product is None:
            raise ProductNotFound(sku)
        rules = rules_by_type_id().get(product.product_type_id)
        findings = apply_firewall(product, rules)
        refresh_live_categories([product.category_id])
        if staff is not None and now is not None:
            record_action(staff, StaffAction.PUBLISH_PRODUCT, now, "product", sku)
        return findings


@dataclass(frozen=True)
class CheckSummary:
    published: int
    unpublished: int
    left_alone: int = 0  # unpublished without the firewall's reasons: withdrawn on purpose


def held_by_firewall(product_ids: Sequence[int]) -> set[int]:
    """Those of these products that keep the firewall's reasons (see shop.domain.product_types)."""
    return set(
        db.session.scalars(
            select(ProductContentProblem.product_id)
            .where(ProductContentProblem.product_id.in_(product_ids))
            .distinct()
        )
    )


def check_products(product_ids: Iterable[int] | None = None, batch: int = 500) -> CheckSummary:
    """Run the firewall over these products (None: the whole catalogue), in one unit of work:
    e.g. after a product type's requirements changed. Like a type change (one rule,
    `recheck`), it never publishes a product an operator withdrew."""
    published = unpublished = left_alone = 0
    categories: set[int] = set()
    with unit_of_work():
        rules = rules_by_type_id()
        ids = (
            list(product_ids)
            if product_ids is not None
            else list(db.session.scalars(select(Product.id).order_by(Product.id)))
        )
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            held = held_by_firewall(chunk)
            for product in db.session.scalars(
                _with_content(select(Product).where(Product.id.in_(chunk)))
            ):
                product_rules = rules.get(product.product_type_id)
                findings = check_content(record_of(product), product_rules)
                outcome = recheck(product.published, product.id in held, not findings)
                if outcome is Recheck.LEFT_ALONE:
                    left_alone += 1
                    continue
                categories.add(product.category_id)
                if apply_firewall(product, product_rules):
                    unpublished += 1
                else:
                    published += 1
        refresh_live_categories(categories)
    return CheckSummary(published, unpublished, left_alone)


def _with_content(query):
    return query.options(selectinload(Product.attributes), selectinload(Product.media))
