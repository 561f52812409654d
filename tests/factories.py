"""Builders with sensible defaults and keyword overrides; each test builds what it needs."""

import itertools
from decimal import Decimal
from functools import cache

from shop.auth.passwords import hash_password
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Address, Category, Company, Product, Role, User
from shop.services.roles import ensure_predefined_roles

PASSWORD = "correct-Horse-9"
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


def make_category(**overrides) -> Category:
    slug = unique("category-")
    values = {"slug": slug, "name_en": f"Category {slug}", "name_de": f"Kategorie {slug}"}
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
    db.session.commit()
    return product


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
