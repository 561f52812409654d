"""Loading the demo shop: catalogue with images and data sheets, companies and users."""

import zlib
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from itertools import islice

from sqlalchemy import func, insert, select

from shop.demo.catalog_data import (
    AttributeSpec,
    CategorySpec,
    ProductSpec,
    attribute_labels,
    categories,
    category_not_live,
    demo_products,
    generated_products,
    product_types,
)
from shop.demo.media import (
    datasheet_pdf,
    placeholder_datasheet_pdf,
    placeholder_image_svg,
    product_image_svg,
)
from shop.domain.attribute_values import AttributeValue, measurement
from shop.domain.content_firewall import AttributeEntry, ContentRecord, TypeRules, check_content
from shop.domain.ean import with_check_digit
from shop.domain.orders import PaymentMethod
from shop.domain.rights import PredefinedRole
from shop.domain.staff import StaffRight
from shop.extensions import db
from shop.models import (
    Address,
    ApproverAssignment,
    Category,
    ChecklistItem,
    Company,
    Product,
    ProductAttribute,
    ProductContentProblem,
    ProductMedia,
    ProductType,
    ProductTypeAttribute,
    StaffMember,
    User,
)
from shop.services.customer_center.roles import ensure_predefined_roles
from shop.services.live_categories import refresh_live_categories
from shop.services.password_hashing import hash_password
from shop.services.product_content import problem_rows, rules_by_type_id
from shop.services.stock import learn_missing_stock
from shop.services.unit_of_work import unit_of_work

DEMO_PASSWORD = "demo-Password-1"
DEMO_LOGINS = [
    ("main@demo.example.com", "main contact"),
    ("buyer@demo.example.com", "buyer (max. 1,000 EUR per order)"),
    ("approver@demo.example.com", "approver (and buyer)"),
    ("controller@demo.example.com", "controller"),
    ("technician@demo.example.com", "service technician"),
    ("main@other.example.com", "main contact (other company)"),
]
# §12: the back office's demo account (all rights), created with the demo companies.
DEMO_STAFF = ("staff@shop.example.com", "Sam Staff")
BATCH = 2000
# §8: a few products may be ordered beyond their stock; two of them are sold out in the
# simulator's demo data, so the shop shows both cases (FAS-WAS-000037 stays sold out).
BACKORDER_SKUS = frozenset({"TOO-BIT-000074", "PNE-CPL-000222", "FAS-SCR-000001"})
# §8: shelving and workbenches fit no parcel locker; such an order to one is held for review.
BULKY_CATEGORIES = frozenset({"workshop-shelving", "workshop-workbenches"})
# §13: a few demo products with incomplete content, so the firewall can be seen at work: they
# stay unpublished, with their reasons in the back office's content report.
NO_IMAGE_SKUS = frozenset({"TOO-HND-000097"})
NO_DATASHEET_SKUS = frozenset({"CHE-CLN-000295"})
ATTRIBUTE_DEFECTS: dict[str, tuple[str, AttributeValue | None]] = {
    "FAS-NUT-000034": ("thread", None),  # the thread size is missing
    "SAF-HEA-000142": ("colour", AttributeValue("pink", "rosa")),  # no colour of the type
    "WRK-SHF-000165": ("width", measurement("120", "cm")),  # in cm, the type wants mm
}
# One in this many generated products comes without an image (and stays unpublished).
GENERATED_INCOMPLETE_EVERY = 50


def shop_is_empty() -> bool:
    return db.session.scalar(select(func.count(Product.id))) == 0


def load_demo_data() -> str:
    """Create the category tree, ~300 demo products and the demo companies, in one unit of work."""
    example, incomplete = category_not_live()
    products = [_with_demo_defects(spec) for spec in demo_products()] + incomplete
    with unit_of_work():
        category_ids = ensure_categories([*categories(), example])
        ensure_product_types()
        insert_products(products, category_ids, with_media=True)
        _create_companies()
        _create_staff()
        _create_checklist_items()
    # §13: the categories go live once the ERP told their stock (when it does not answer
    # now, the content report asks again).
    learn_missing_stock()
    return f"Demo data loaded: {len(category_ids)} categories, {len(products)} products."


def ensure_categories(specs: Iterable[CategorySpec] | None = None) -> dict[str, int]:
    """Create missing categories (parents first; None: the catalogue's); return slug → id."""
    existing = dict(db.session.execute(select(Category.slug, Category.id)).all())
    for spec in categories() if specs is None else specs:
        if spec.slug in existing:
            continue
        category = Category(
            slug=spec.slug,
            parent_id=existing[spec.parent_slug] if spec.parent_slug else None,
            name_en=spec.name_en,
            name_de=spec.name_de,
            position=spec.position,
        )
        db.session.add(category)
        db.session.flush()
        existing[spec.slug] = category.id
    return existing


def ensure_product_types() -> dict[str, int]:
    """Create missing product types (#12); return code → id."""
    existing = dict(db.session.execute(select(ProductType.code, ProductType.id)).all())
    labels = attribute_labels()
    # A choice's German values as the demo's products word them (#11: value_en / value_de).
    german = {
        (a.key, a.value.value_en): a.value.value_de
        for product in demo_products()
        for a in product.attributes
    }
    for spec in product_types():
        if spec.code in existing:
            continue
        product_type = ProductType(
            code=spec.code,
            name_en=spec.name_en,
            name_de=spec.name_de,
            requires_image=spec.requires_image,
            requires_datasheet=spec.requires_datasheet,
            attributes=[
                ProductTypeAttribute(
                    position=position,
                    key=a.key,
                    kind=a.kind,
                    unit=a.unit,
                    allowed_values=list(a.allowed),
                    label_en=labels.get(a.key, ("", ""))[0],
                    label_de=labels.get(a.key, ("", ""))[1],
                    allowed_values_de=[german.get((a.key, v), v) for v in a.allowed],
                )
                for position, a in enumerate(spec.attributes)
            ],
        )
        db.session.add(product_type)
        db.session.flush()
        existing[spec.code] = product_type.id
    return existing


def _with_demo_defects(spec: ProductSpec) -> ProductSpec:
    defect = ATTRIBUTE_DEFECTS.get(spec.sku)
    if defect is None:
        return spec
    key, value = defect
    attributes = tuple(
        replace(a, value=value) if value is not None else a
        for a in spec.attributes
        if a.key != key or value is not None
    )
    return replace(spec, attributes=attributes)


def insert_products(
    specs: Iterable[ProductSpec], category_ids: dict[str, int], with_media: bool
) -> int:
    """Bulk-insert products with attributes and media, in batches; returns the count.

    Every product goes through the content firewall (#12): of the type of its category's
    slug, published when it passes, else unpublished with its reasons. Generated products
    (with_media False) get small placeholder media instead of their own, and one in
    GENERATED_INCOMPLETE_EVERY none at all.
    """
    type_ids = dict(db.session.execute(select(ProductType.code, ProductType.id)).all())
    rules = rules_by_type_id()
    count = 0
    iterator = iter(specs)
    while batch := list(islice(iterator, BATCH)):
        media = {
            s.sku: _media(s, rules.get(type_ids.get(s.category_slug)), with_media) for s in batch
        }
        findings = {
            s.sku: check_content(_record(s, media[s.sku]), rules.get(type_ids.get(s.category_slug)))
            for s in batch
        }
        db.session.execute(
            insert(Product),
            [_product_row(s, category_ids, type_ids, not findings[s.sku]) for s in batch],
        )
        ids = dict(
            db.session.execute(
                select(Product.sku, Product.id).where(Product.sku.in_([s.sku for s in batch]))
            ).all()
        )
        attributes = [
            {
                "product_id": ids[s.sku],
                "category_id": category_ids[s.category_slug],
                "position": position,
                "key": a.key,
                "label_en": a.label_en,
                "label_de": a.label_de,
                "value_en": a.value.value_en,
                "value_de": a.value.value_de,
                "number": a.value.number,
                "unit": a.value.unit,
            }
            for s in batch
            for position, a in enumerate(s.attributes)
        ]
        if attributes:
            db.session.execute(insert(ProductAttribute), attributes)
        rows = [{**m, "product_id": ids[s.sku]} for s in batch for m in media[s.sku]]
        if rows:
            db.session.execute(insert(ProductMedia), rows)
        problems = [row for s in batch for row in problem_rows(ids[s.sku], findings[s.sku])]
        if problems:
            db.session.execute(insert(ProductContentProblem), problems)
        count += len(batch)
    refresh_live_categories(category_ids.values())
    return count


def _record(spec: ProductSpec, media: list[dict]) -> ContentRecord:
    kinds = {m["kind"] for m in media}
    return ContentRecord(
        name_en=spec.name_en,
        name_de=spec.name_de,
        price=spec.list_price,
        has_image="image" in kinds,
        has_datasheet="datasheet" in kinds,
        attributes={a.key: _entry(a) for a in spec.attributes},
    )


def _entry(attribute: AttributeSpec) -> AttributeEntry:
    value = attribute.value
    return AttributeEntry(value.value_en, value.number, value.unit, value.value_de)


def _product_row(
    spec: ProductSpec, category_ids: dict[str, int], type_ids: dict[str, int], published: bool
) -> dict:
    return {
        "sku": spec.sku,
        "ean": demo_ean(spec.sku),
        "category_id": category_ids[spec.category_slug],
        "name_en": spec.name_en,
        "name_de": spec.name_de,
        "description_en": spec.description_en,
        "description_de": spec.description_de,
        "manufacturer": spec.manufacturer,
        "unit": spec.unit,
        "list_price": spec.list_price,
        "vat_rate": spec.vat_rate,
        "product_type_id": type_ids.get(spec.category_slug),
        "published": published,
        "allows_backorder": spec.sku in BACKORDER_SKUS,
        "bulky": spec.category_slug in BULKY_CATEGORIES,
    }


def demo_ean(sku: str) -> str | None:
    """An EAN for nine products in ten (#11): unique, as GS1 prefixes 400-440 are Germany's.
    Generated products are numbered (prefix 401); the demo's own get one from their SKU."""
    number = sku.rpartition("-")[2]
    if sku.startswith("GEN-") and number.isdigit():
        serial = int(number)
        return None if serial % 10 == 7 else with_check_digit(f"401{serial:09d}")
    digest = zlib.crc32(sku.encode())
    return None if digest % 10 == 7 else with_check_digit(f"400{digest % 10**9:09d}")


def _media(spec: ProductSpec, rules: TypeRules | None, own: bool) -> list[dict]:
    """The product's image and data sheet: its own (demo), or small placeholders (generated;
    a data sheet only where the type needs one, to keep a large catalogue small)."""
    slug = spec.sku.lower()
    if own:
        image = None if spec.sku in NO_IMAGE_SKUS else product_image_svg(spec)
        sheet = None if spec.sku in NO_DATASHEET_SKUS else datasheet_pdf(spec)
    elif int(spec.sku.rpartition("-")[2] or 0) % GENERATED_INCOMPLETE_EVERY == 0:
        image = sheet = None
    else:
        image = placeholder_image_svg(spec.category_slug)
        needs_sheet = rules is not None and rules.requires_datasheet
        sheet = placeholder_datasheet_pdf() if needs_sheet else None
    media = []
    if image is not None:
        media.append(
            {
                "kind": "image",
                "filename": f"{slug}.svg",
                "mime_type": "image/svg+xml",
                "title_en": spec.name_en,
                "title_de": spec.name_de,
                "size": len(image),
                "content": image,
            }
        )
    if sheet is not None:
        media.append(
            {
                "kind": "datasheet",
                "filename": f"{slug}-datasheet.pdf",
                "mime_type": "application/pdf",
                "title_en": "Data sheet",
                "title_de": "Datenblatt",
                "size": len(sheet),
                "content": sheet,
            }
        )
    return media


def generate_products(count: int) -> int:
    """Add `count` generated products (after any generated earlier), in one unit of work."""
    with unit_of_work():
        category_ids = ensure_categories()
        ensure_product_types()
        start = db.session.scalar(select(func.count(Product.id)).where(Product.sku.like("GEN-%")))
        added = insert_products(
            generated_products(count, start=start), category_ids, with_media=False
        )
    # §13: every category the generator filled goes live with its first known stock level.
    learn_missing_stock()
    return added


def _create_staff() -> None:
    email, name = DEMO_STAFF
    db.session.add(
        StaffMember(
            email=email,
            name=name,
            password_hash=hash_password(DEMO_PASSWORD),
            rights_list=sorted(right.value for right in StaffRight),
        )
    )


def _create_checklist_items() -> None:
    # #12: the usage check's manual items, as the operator would start (seed 004: the address
    # is confirmed on a first call; the training is attended).
    db.session.add_all(
        [
            ChecklistItem(
                name_en="Delivery address confirmed by phone",
                name_de="Lieferadresse telefonisch bestätigt",
            ),
            ChecklistItem(name_en="Training attended", name_de="Schulung besucht"),
        ]
    )


def _create_companies() -> None:
    password = hash_password(DEMO_PASSWORD)
    demo = Company(
        customer_number="10001",
        name="Müller Maschinenbau GmbH",
        vat_id="DE123456789",
        payment_terms="30 days net",
        allowed_payment_methods=[PaymentMethod.INVOICE.value, PaymentMethod.PREPAYMENT.value],
        addresses=[
            Address(
                kind="delivery",
                from_erp=True,  # the ERP sync replaces these with its own
                name="Müller Maschinenbau GmbH, Werk 1",
                street="Industriestraße 12",
                postal_code="70565",
                city="Stuttgart",
                country="DE",
                is_default=True,
            ),
            Address(
                kind="delivery",
                from_erp=True,  # the ERP sync replaces these with its own
                name="Müller Maschinenbau GmbH, Lager Nord",
                street="Hafenweg 3",
                postal_code="28197",
                city="Bremen",
                country="DE",
            ),
        ],
    )
    other = Company(
        customer_number="10002",
        name="Schmidt Anlagentechnik AG",
        vat_id="DE987654321",
        payment_terms="14 days 2% discount, 30 days net",
        allowed_payment_methods=[PaymentMethod.INVOICE.value],
        addresses=[
            Address(
                kind="delivery",
                from_erp=True,  # the ERP sync replaces these with its own
                name="Schmidt Anlagentechnik AG",
                street="Am Kanal 7",
                postal_code="44147",
                city="Dortmund",
                country="DE",
                is_default=True,
            )
        ],
    )
    db.session.add_all([demo, other])
    db.session.flush()
    demo_roles = ensure_predefined_roles(demo)
    other_roles = ensure_predefined_roles(other)

    def user(company, roles, email, name, locale, **values):
        person = User(
            company=company, email=email, name=name, password_hash=password, locale=locale, **values
        )
        person.roles = [roles[r] for r in PREDEFINED[email]]
        db.session.add(person)
        return person

    user(demo, demo_roles, "main@demo.example.com", "Anna Müller", "de")
    # §5 demo: an order over 1,000 EUR goes to the approver.
    user(
        demo,
        demo_roles,
        "buyer@demo.example.com",
        "Ben Becker",
        "en",
        has_own_budget=True,
        max_order_value=Decimal("1000.00"),
    )
    approver = user(demo, demo_roles, "approver@demo.example.com", "Clara Schulz", "de")
    user(demo, demo_roles, "controller@demo.example.com", "David Wolf", "de")
    user(demo, demo_roles, "technician@demo.example.com", "Emil Braun", "de")
    user(other, other_roles, "main@other.example.com", "Stefan Schmidt", "de")
    db.session.flush()
    db.session.add(ApproverAssignment(company_id=demo.id, orderer_id=None, approver_id=approver.id))


PREDEFINED = {
    "main@demo.example.com": [PredefinedRole.MAIN_CONTACT],
    "buyer@demo.example.com": [PredefinedRole.BUYER],
    "approver@demo.example.com": [PredefinedRole.APPROVER, PredefinedRole.BUYER],
    "controller@demo.example.com": [PredefinedRole.CONTROLLER],
    "technician@demo.example.com": [PredefinedRole.SERVICE_TECHNICIAN],
    "main@other.example.com": [PredefinedRole.MAIN_CONTACT],
}
