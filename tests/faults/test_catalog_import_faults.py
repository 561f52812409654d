"""A catalogue import that fails while writing leaves nothing behind (#12): the accepted
records are one unit of work, so a failure at the second record undoes the first."""

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import CatalogImport, Product
from shop.models.clock import utcnow
from shop.services import catalog_import
from tests.factories import make_category, make_product_type

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_a_failure_half_way_through_the_import_imports_none_of_its_records(
    app_context, monkeypatch
):
    product_type = make_product_type(attributes=())
    category = make_category()
    data = "\n".join(
        ["sku,type,category,name_en,name_de,list_price,image"]
        + [f"HALF-{n},{product_type.code},{category.slug},Bolt,Schraube,1.00,a.png" for n in (1, 2)]
    ).encode()
    real_new_product = catalog_import._new_product
    calls = []

    def build_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        product = real_new_product(*args, **kwargs)
        db.session.flush()  # the first record is written in the transaction already
        return product

    monkeypatch.setattr(catalog_import, "_new_product", build_then_fail)

    with pytest.raises(RuntimeError):
        catalog_import.import_catalog(data, {"a.png": PNG}, "half.csv", utcnow())

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Product.sku.like("HALF-%"))) == 0
    assert db.session.scalar(select(func.count(CatalogImport.id))) == 0
