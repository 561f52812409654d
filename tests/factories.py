"""Builders with sensible defaults and keyword overrides; each test builds what it needs."""

import itertools
from decimal import Decimal
from functools import cache

from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import (
    Address,
    ApproverAssignment,
    Category,
    Company,
    Order,
    OrderEventRecord,
    Product,
    Role,
    User,
)
from shop.services.customer_center.roles import ensure_predefined_roles
from shop.services.password_hashing import hash_password
from shop.services.place_order import CheckoutDetails, DeliveryAddress

PASSWORD = "correct-Horse-9"
MAIN = (PredefinedRole.MAIN_CONTACT,)
APPROVER = (PredefinedRole.APPROVER,)
# Checkout details for placing orders straight through the service.
CHECKOUT_DETAILS = CheckoutDetails(
    address=DeliveryAddress("Werk 1", "Weg 1", "10115", "Berlin", "DE"),
    payment_method="invoice",
    delivery_method="standard",
    customer_reference="",
    comment="",
)
_sequence = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_sequence)}"


@cache
def password_hash() -> str:
    # Hashing with Argon2 is slow on purpose: do it once for all test users.
    return hash_password(PASSWORD)


def make_company(**overrides) -> Company:
    number = unique("C")
    values = {
        "customer_number": number,
        "name": f"Company {number} GmbH",
        "allowed_payment_methods": ["invoice", "prepayment"],
    }
    values.update(overrides)
    company = Company(**values)
    if "addresses" not in overrides:
        company.addresses = [
            Address(
                name=f"{values['name']} Werk 1",
                street="Werkstraße 1",
                postal_code="10115",
                city="Berlin",
                country="DE",
                is_default=True,
            )
        ]
    db.session.add(company)
    ensure_predefined_roles(company)
    db.session.commit()
    return company


def make_user(
    company: Company | None = None,
    roles: tuple[PredefinedRole | Role, ...] = (PredefinedRole.BUYER,),
    **overrides,
) -> User:
    """A user with the given roles (predefined ones by name); a buyer by default."""
    company = company or make_company()
    predefined = ensure_predefined_roles(company)
    values = {
        "company": company,
        "email": f"{unique('user')}@example.com",
        "name": unique("User "),
        "password_hash": password_hash(),
    }
    values.update(overrides)
    user = User(**values)
    user.roles = [predefined[r] if isinstance(r, PredefinedRole) else r for r in roles]
    db.session.add(user)
    db.session.commit()
    return user


def make_main_contact(company: Company | None = None, **overrides) -> User:
    return make_user(company or make_company(), roles=MAIN, **overrides)


def make_category(**overrides) -> Category:
    """A category shown in the storefront (live=False: one that is not live yet, §13)."""
    slug = unique("category-")
    values = {
        "slug": slug,
        "name_en": f"Category {slug}",
        "name_de": f"Kategorie {slug}",
        "live": True,
    }
    values.update(overrides)
    category = Category(**values)
    db.session.add(category)
    db.session.commit()
    return category


def make_product(category: Category | None = None, **overrides) -> Product:
    sku = unique("SKU-")
    values = {
        "sku": sku,
        "category": category or make_category(),
        "name_en": f"Hex bolt {sku}",
        "name_de": f"Sechskantschraube {sku}",
        "description_en": "A bolt.",
        "description_de": "Eine Schraube.",
        "list_price": Decimal("1.50"),
        "vat_rate": Decimal("19.00"),
    }
    values.update(overrides)
    product = Product(**values)
    db.session.add(product)
    db.session.flush()
    keep_facet_bitmaps(product)
    db.session.commit()
    return product


def keep_facet_bitmaps(product: Product) -> None:
    """Rebuild the category's kept facet bitmaps, as the services that publish do (#11)."""
    from shop.services.facet_bitmaps import refresh_facet_bitmaps

    refresh_facet_bitmaps([product.category_id])


def make_attribute(product: Product, key: str, value_en: str, value_de: str | None = None, **extra):
    """A technical attribute of `product`; `number` and `unit` make it a measurement."""
    from shop.models import ProductAttribute

    values = {
        "product_id": product.id,
        "category_id": product.category_id,
        "key": key,
        "label_en": key.replace("_", " ").capitalize(),
        "label_de": key.replace("_", " ").capitalize(),
        "value_en": value_en,
        "value_de": value_de or value_en,
    }
    values.update(extra)
    attribute = ProductAttribute(**values)
    db.session.add(attribute)
    keep_facet_bitmaps(product)
    db.session.commit()
    return attribute


def make_order(user: User, lines: list[tuple[Product, int]] | None = None, **details):
    """An order placed through the real checkout service (cart, prices, outbox entry)."""
    import secrets

    from shop.models.clock import utcnow
    from shop.services.cart import add_to_cart
    from shop.services.place_order import CheckoutDetails, DeliveryAddress, place_order

    for product, quantity in lines or [(make_product(), 1)]:
        add_to_cart(user, product.sku, quantity)
    values = {
        "address": DeliveryAddress("Werk 1", "Werkstraße 1", "10115", "Berlin", "DE"),
        "payment_method": "invoice",
        "delivery_method": "standard",
        "customer_reference": "",
        "comment": "",
    }
    values.update(details)
    return place_order(user, CheckoutDetails(**values), secrets.token_urlsafe(16), utcnow())


def order_over_budget(user: User, quantity: int = 15, price: str = "10.00"):
    """An order of the user through the real checkout service (15 × 10.00 = 150.00 net)."""
    return make_order(user, lines=[(make_product(list_price=Decimal(price)), quantity)])


def name_approver(company: Company, approver: User, orderer: User | None = None) -> None:
    db.session.add(
        ApproverAssignment(
            company_id=company.id,
            orderer_id=orderer.id if orderer else None,
            approver_id=approver.id,
        )
    )
    db.session.commit()


def team(customer_number: str | None = None, **buyer_budget):
    """A company with a main contact, an approver (Clara Schulz) named for the buyer (Anna),
    and a buyer whose orders over 100.00 net need approval."""
    company = make_company(**({"customer_number": customer_number} if customer_number else {}))
    main = make_user(company, roles=MAIN, name="Max Main")
    clara = make_user(company, roles=APPROVER, name="Clara Schulz")
    budget = buyer_budget or {"max_order_value": Decimal("100.00")}
    anna = make_user(company, name="Anna Buyer", has_own_budget=True, **budget)
    name_approver(company, clara, orderer=anna)
    return company, main, clara, anna


def make_staff(rights=("review", "outbox", "customers"), **overrides):
    """A back office staff member (§12) with these rights and the test password."""
    from shop.models import StaffMember

    values = {
        "email": f"{unique('staff')}@shop.example.com",
        "name": unique("Staff "),
        "password_hash": password_hash(),
        "rights_list": sorted(rights),
    }
    values.update(overrides)
    staff = StaffMember(**values)
    db.session.add(staff)
    db.session.commit()
    return staff


def make_product_type(attributes=(("length", "number", "mm", ()),), **overrides):
    """A product type (#12); attributes as (key, kind, unit, allowed values)."""
    from shop.models import ProductType, ProductTypeAttribute

    code = unique("type-")
    values = {"code": code, "name_en": f"Type {code}", "name_de": f"Typ {code}"}
    values.update(overrides)
    product_type = ProductType(
        **values,
        attributes=[
            ProductTypeAttribute(
                position=position, key=key, kind=kind, unit=unit, allowed_values=list(allowed)
            )
            for position, (key, kind, unit, allowed) in enumerate(attributes)
        ],
    )
    db.session.add(product_type)
    db.session.commit()
    return product_type


def add_media(product: Product, kind: str = "image"):
    """An image (or a "datasheet") of `product`."""
    from shop.models import ProductMedia

    name, mime = ("pic.png", "image/png") if kind == "image" else ("sheet.pdf", "application/pdf")
    media = ProductMedia(
        product_id=product.id, kind=kind, filename=name, mime_type=mime, content=b"x", size=1
    )
    db.session.add(media)
    db.session.commit()
    return media


# -- reading back what the tests built and the shop did -----------------------------------


def order_by_number(number: str) -> Order:
    db.session.expire_all()
    return db.session.scalar(select(Order).where(Order.number == number))


def events_of(number: str) -> list[str]:
    order = order_by_number(number)
    return list(
        db.session.scalars(
            select(OrderEventRecord.event)
            .where(OrderEventRecord.order_id == order.id)
            .order_by(OrderEventRecord.id)
        )
    )


def order_states() -> dict[str, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(Order.number, Order.status)).all())
