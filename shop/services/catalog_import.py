"""Catalogue import from CSV or the ERP's article data (#12, §13): every record through the
content firewall.

Decided: the records that pass are written in one unit of work, all or none; a rejected
record writes nothing (not even part of itself), so a file can be fixed and imported again
without leaving half a catalogue behind. The report (accepted = new, changed with the fields
that changed, unchanged, rejected with the reasons) is kept with the import, with its source.

The ERP's articles (contract v1.3) are read page by page to the end, with their files, before
anything is written; they become the same records a file holds (shop/domain/erp_articles.py).
An ERP failure on the way writes nothing: the caller reports ErpUnavailable / ErpRejected.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from erp_bridge import FOREIGN_URL, UNKNOWN_FILE, Article, ErpClient, ErpRejected, ErpUnavailable
from shop.domain import erp_articles
from shop.domain.attribute_values import MAX_TEXT, AttributeValue, split_value
from shop.domain.catalog_import import (
    ATTRIBUTE_KEY,
    MAX_RECORDS,
    SKU,
    TEXT_FIELDS,
    FileProblem,
    ImportRecord,
    ProductField,
    UnreadableFile,
    media_type,
    parse_amount,
    read_records,
)
from shop.domain.content_firewall import (
    AttributeEntry,
    ContentProblem,
    ContentRecord,
    Finding,
    TypeRules,
    check_content,
)
from shop.domain.ean import normalized_ean
from shop.domain.erp_articles import FileOutcome, article_record, file_urls
from shop.domain.staff import StaffAction
from shop.domain.text import fits_single_line, fits_xml
from shop.extensions import db
from shop.models import (
    CatalogImport,
    Category,
    Product,
    ProductAttribute,
    ProductContentProblem,
    ProductMedia,
    ProductType,
    StaffMember,
)
from shop.services.live_categories import refresh_live_categories
from shop.services.product_content import type_rules
from shop.services.staff import record_action
from shop.services.unit_of_work import end_reads, unit_of_work

DEFAULT_VAT_RATE = Decimal("19.00")
# Descriptions may span lines; every other text field is one line.
MULTI_LINE = {ProductField.DESCRIPTION_EN, ProductField.DESCRIPTION_DE}


# The source of an import as kept with its report.
SOURCE_FILE = "file"
SOURCE_ERP = "erp"
ERP_PAGE_SIZE = 200


class RecordOutcome(StrEnum):
    ACCEPTED = "accepted"  # a new product, published
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class _Catalogue:
    """What the records are resolved against, read once per import."""

    types: dict[str, ProductType]
    rules: dict[int, TypeRules]
    categories: dict[str, Category]
    products: dict[str, Product]
    labels: dict[str, tuple[str, str]]
    eans: dict[str, str]  # EAN → SKU of the products (and accepted lines) holding one (#11)


def import_catalog(
    data: bytes,
    files: Mapping[str, bytes],
    filename: str,
    now: datetime,
    staff: StaffMember | None = None,
) -> CatalogImport:
    """Import a CSV file (with the images and data sheets it names, by file name) and return
    the kept report. UnreadableFile (before anything is written) when the file as a whole
    cannot be read."""
    records = read_records(data)
    return _import_records(records, files, filename[:200], SOURCE_FILE, now, staff)


def import_erp_articles(
    erp: ErpClient,
    now: datetime,
    staff: StaffMember | None = None,
    page_size: int = ERP_PAGE_SIZE,
    changed_since: datetime | None = None,
) -> CatalogImport:
    """Import the ERP's article data (every page, with the files the articles name; only
    the articles changed after `changed_since` when given) and return the kept report.
    Raises ErpUnavailable or ErpRejected (NO_ARTICLE_DATA: the ERP offers none) with nothing
    written; UnreadableFile when the ERP holds more articles than one import takes."""
    end_reads()  # the ERP calls below may be slow: hold no snapshot meanwhile
    articles = _read_articles(erp, page_size, changed_since)
    outcomes, files = _fetch_files(erp, articles)
    records = [
        article_record(article, position, outcomes)
        for position, article in enumerate(articles, start=1)
    ]
    return _import_records(records, files, "", SOURCE_ERP, now, staff)


def _read_articles(erp: ErpClient, page_size: int, changed_since: datetime | None) -> list[Article]:
    articles: list[Article] = []
    token: str | None = None
    seen: set[str] = set()
    while True:
        page = erp.get_articles(token, page_size, changed_since)
        articles.extend(page.articles)
        if len(articles) > MAX_RECORDS:
            raise UnreadableFile(FileProblem.TOO_MANY_RECORDS, str(MAX_RECORDS))
        token = page.next_page_token
        if token is None:
            return articles
        if token in seen:  # an ERP handing out a token twice would keep us reading forever
            raise ErpUnavailable(f"GetArticles: the ERP repeated the page token {token[:40]}")
        seen.add(token)


def _fetch_files(
    erp: ErpClient, articles: list[Article]
) -> tuple[dict[str, FileOutcome], dict[str, bytes]]:
    """What became of each URL the articles name, and the fetched files by their name."""
    outcomes: dict[str, FileOutcome] = {}
    files: dict[str, bytes] = {}
    for url in {url: None for article in articles for url in file_urls(article)}:
        name = erp_articles.file_name(url)
        try:
            content = erp.get_article_file(url)
        except ErpRejected as refusal:
            if refusal.code == FOREIGN_URL:
                outcomes[url] = FileOutcome.ELSEWHERE
                continue
            if refusal.code != UNKNOWN_FILE:
                raise
            outcomes[url] = FileOutcome.NOT_DELIVERED
            continue
        if files.get(name, content) != content:
            # Two URLs, one name: the product could not tell the files apart.
            outcomes[url] = FileOutcome.NOT_DELIVERED
            continue
        files[name] = content
        outcomes[url] = FileOutcome.FETCHED
    return outcomes, files


def _import_records(
    records: list[ImportRecord],
    files: Mapping[str, bytes],
    filename: str,
    source: str,
    now: datetime,
    staff: StaffMember | None,
) -> CatalogImport:
    with unit_of_work():
        catalogue = _read_catalogue(records)
        categories_before = {sku: p.category_id for sku, p in catalogue.products.items()}
        seen: set[str] = set()
        rows = []
        for record in records:
            outcome, findings, changes = _import_record(record, catalogue, files, seen)
            rows.append(
                {
                    "line": record.line,
                    "sku": record.sku[:40],
                    "outcome": outcome.value,
                    "problems": [[f.problem.value, f.key, f.detail[:200]] for f in findings],
                    "changes": [list(change) for change in changes],
                }
            )
        counts = {o: sum(1 for r in rows if r["outcome"] == o.value) for o in RecordOutcome}
        report = CatalogImport(
            staff_id=staff.id if staff else None,
            source=source,
            filename=filename,
            created_at=now,
            accepted=counts[RecordOutcome.ACCEPTED],
            changed=counts[RecordOutcome.CHANGED],
            unchanged=counts[RecordOutcome.UNCHANGED],
            rejected=counts[RecordOutcome.REJECTED],
            records=rows,
        )
        db.session.add(report)
        _refresh_live_categories(rows, categories_before)
        db.session.flush()
        if staff is not None:
            action = (
                StaffAction.CATALOG_IMPORT_ERP
                if source == SOURCE_ERP
                else StaffAction.CATALOG_IMPORT
            )
            record_action(staff, action, now, "catalog_import", report.id, filename)
    return report


def _refresh_live_categories(rows: list[dict], categories_before: dict[str, int]) -> None:
    """§13: the written records publish products, perhaps in another category than before:
    both categories may go live or off. A rejected record changes nothing, here neither."""
    written = [
        row["sku"]
        for row in rows
        if row["outcome"] in {RecordOutcome.ACCEPTED.value, RecordOutcome.CHANGED.value}
    ]
    if not written:
        return
    db.session.flush()
    now = db.session.scalars(select(Product.category_id).where(Product.sku.in_(written)))
    before = (categories_before[sku] for sku in written if sku in categories_before)
    refresh_live_categories({*now, *before})


def _read_catalogue(records: list[ImportRecord]) -> _Catalogue:
    types = {
        t.code: t
        for t in db.session.scalars(
            select(ProductType).options(selectinload(ProductType.attributes))
        )
    }
    skus = {record.sku for record in records}
    products = {
        p.sku: p
        for p in db.session.scalars(
            select(Product)
            .where(Product.sku.in_(skus))
            .options(selectinload(Product.attributes), selectinload(Product.media))
        )
    }
    keys = {key for record in records for key in record.attributes}
    labels: dict[str, tuple[str, str]] = {}
    # One indexed look-up per key: a key may have 100,000 rows, a label is all we need.
    for key in sorted(keys):
        found = db.session.execute(
            select(ProductAttribute.label_en, ProductAttribute.label_de)
            .where(ProductAttribute.key == key)
            .limit(1)
        ).first()
        if found is not None:
            labels[key] = (found.label_en, found.label_de)
    return _Catalogue(
        types=types,
        rules={t.id: type_rules(t) for t in types.values()},
        categories={c.slug: c for c in db.session.scalars(select(Category))},
        products=products,
        labels=labels,
        eans=_eans_held(records),
    )


def _eans_held(records: list[ImportRecord]) -> dict[str, str]:
    """Which products hold the file's EANs now (no query when the file names none)."""
    eans = {normalized_ean(r.fields.get(ProductField.EAN, "")) for r in records} - {None}
    if not eans:
        return {}
    held = db.session.execute(select(Product.ean, Product.sku).where(Product.ean.in_(eans)))
    return {ean: sku for ean, sku in held}


def _import_record(
    record: ImportRecord, catalogue: _Catalogue, files: Mapping[str, bytes], seen: set[str]
) -> tuple[RecordOutcome, list[Finding], list[tuple[str, str]]]:
    if not SKU.match(record.sku):
        return RecordOutcome.REJECTED, [Finding(ContentProblem.SKU_INVALID)], []
    if record.sku in seen:
        return RecordOutcome.REJECTED, [Finding(ContentProblem.SKU_REPEATED)], []
    seen.add(record.sku)
    product = catalogue.products.get(record.sku)
    problems: list[Finding] = list(record.problems)
    fields = record.fields

    product_type = product and db.session.get(ProductType, product.product_type_id or 0)
    if ProductField.TYPE in fields:
        product_type = catalogue.types.get(fields[ProductField.TYPE])
        if product_type is None and fields[ProductField.TYPE]:
            problems.append(Finding(ContentProblem.TYPE_UNKNOWN, "", fields[ProductField.TYPE]))
    category = product.category if product else None
    if ProductField.CATEGORY in fields or product is None:
        slug = fields.get(ProductField.CATEGORY, "")
        category = catalogue.categories.get(slug)
        if category is None:
            problems.append(Finding(ContentProblem.CATEGORY_UNKNOWN, "", slug))

    texts = {}
    for name, limit in TEXT_FIELDS.items():
        if name in fields:
            value = fields[name]
            fits = fits_xml(value) if name in MULTI_LINE else fits_single_line(value)
            if len(value) > limit or not fits:
                problems.append(Finding(ContentProblem.TEXT_INVALID, name.value, str(limit)))
            texts[name] = value
        elif product is not None:
            texts[name] = getattr(product, name.value)
        else:
            texts[name] = "piece" if name is ProductField.UNIT else ""
    if ProductField.UNIT in fields and not texts[ProductField.UNIT]:
        texts[ProductField.UNIT] = "piece"

    amounts: dict[ProductField, Decimal | None] = {}
    for name, default in (
        (ProductField.LIST_PRICE, None),
        (ProductField.VAT_RATE, DEFAULT_VAT_RATE),
    ):
        current = getattr(product, name.value) if product is not None else default
        raw = fields.get(name)
        amounts[name] = current if raw is None else (parse_amount(raw) if raw else default)
        if raw and amounts[name] is None:
            problems.append(Finding(ContentProblem.PRICE_INVALID, name.value, raw[:40]))
    vat = amounts[ProductField.VAT_RATE]
    if vat is not None and not Decimal(0) <= vat <= Decimal(100):
        problems.append(Finding(ContentProblem.PRICE_INVALID, "vat_rate", str(vat)))

    # The EAN is set like a text field (None: none), after its check digit is checked.
    texts[ProductField.EAN] = product.ean if product is not None else None
    if raw_ean := fields.get(ProductField.EAN):
        ean = texts[ProductField.EAN] = normalized_ean(raw_ean)
        if ean is None:
            problems.append(Finding(ContentProblem.EAN_INVALID, "ean", raw_ean[:40]))
        elif catalogue.eans.get(ean, record.sku) != record.sku:
            problems.append(Finding(ContentProblem.EAN_REPEATED, "ean", ean))
    elif ProductField.EAN in fields:
        texts[ProductField.EAN] = None

    media: dict[str, tuple[str, str, bytes]] = {}
    for kind, name in (("image", ProductField.IMAGE), ("datasheet", ProductField.DATASHEET)):
        file_name = fields.get(name, "")
        if not file_name:
            continue
        content = files.get(file_name)
        if content is None:
            problems.append(Finding(ContentProblem.FILE_MISSING, name.value, file_name[:200]))
            continue
        mime = media_type(file_name, content, kind)
        if mime is None:
            problems.append(Finding(ContentProblem.FILE_NOT_ALLOWED, name.value, file_name[:200]))
            continue
        media[kind] = (file_name, mime, content)

    values = {
        a.key: AttributeValue(a.value_en, a.value_de, a.number, a.unit)
        for a in (product.attributes if product else ())
    }
    new_values = {}
    for key, raw in record.attributes.items():
        if not ATTRIBUTE_KEY.match(key):  # a file's columns are checked with its header
            problems.append(Finding(ContentProblem.TEXT_INVALID, key[:40], "40"))
            continue
        texts_of = (raw,) if isinstance(raw, str) else (raw.value_en, raw.value_de)
        if not all(texts_of):
            continue
        # split_value cuts a cell to 200 characters; an ERP value is kept whole, or refused.
        too_long = not isinstance(raw, str) and max(map(len, texts_of)) > MAX_TEXT
        if too_long or not all(fits_single_line(text) for text in texts_of):
            problems.append(Finding(ContentProblem.TEXT_INVALID, key, "200"))
            continue
        new_values[key] = split_value(raw) if isinstance(raw, str) else raw
    values.update(new_values)

    kinds = {m.kind for m in product.media} if product else set()
    content_record = ContentRecord(
        name_en=texts[ProductField.NAME_EN],
        name_de=texts[ProductField.NAME_DE],
        price=amounts[ProductField.LIST_PRICE],
        has_image="image" in media or "image" in kinds,
        has_datasheet="datasheet" in media or "datasheet" in kinds,
        attributes={
            k: AttributeEntry(v.value_en, v.number, v.unit, v.value_de) for k, v in values.items()
        },
    )
    rules = catalogue.rules.get(product_type.id) if product_type else None
    findings = check_content(content_record, rules)
    findings = problems + [f for f in findings if not _explained(f, problems)]
    if findings:
        return RecordOutcome.REJECTED, findings, []
    if texts[ProductField.EAN] is not None:
        catalogue.eans[texts[ProductField.EAN]] = record.sku

    if product is None:
        # Built whole and flushed with the others: a flush per record cost 20 ms each.
        catalogue.products[record.sku] = _new_product(
            record.sku, product_type, category, texts, amounts, media, new_values, catalogue
        )
        return RecordOutcome.ACCEPTED, [], []
    changes = _apply(
        product, product_type, category, texts, amounts, media, new_values, catalogue.labels
    )
    db.session.execute(
        delete(ProductContentProblem).where(ProductContentProblem.product_id == product.id)
    )
    return (RecordOutcome.CHANGED if changes else RecordOutcome.UNCHANGED), [], changes


def _new_product(
    sku: str,
    product_type: ProductType,
    category: Category,
    texts: dict[ProductField, str],
    amounts: dict[ProductField, Decimal | None],
    media: dict[str, tuple[str, str, bytes]],
    values: dict[str, AttributeValue],
    catalogue: _Catalogue,
) -> Product:
    product = Product(
        sku=sku,
        product_type_id=product_type.id,
        category_id=category.id,
        published=True,
        **{name.value: value for name, value in texts.items()},
        **{name.value: value for name, value in amounts.items()},
        attributes=[
            _attribute(key, value, category, position, catalogue.labels)
            for position, (key, value) in enumerate(values.items())
        ],
        media=[
            _media(kind, file_name, mime, content, texts)
            for kind, (file_name, mime, content) in media.items()
        ],
    )
    db.session.add(product)
    return product


def _attribute(
    key: str,
    value: AttributeValue,
    category: Category,
    position: int,
    labels: dict[str, tuple[str, str]],
) -> ProductAttribute:
    label_en, label_de = labels.get(key, (key.replace("_", " ").capitalize(),) * 2)
    return ProductAttribute(
        key=key,
        label_en=label_en,
        label_de=label_de,
        category_id=category.id,
        position=position,
        value_en=value.value_en,
        value_de=value.value_de,
        number=value.number,
        unit=value.unit,
    )


def _media(
    kind: str, file_name: str, mime: str, content: bytes, texts: dict[ProductField, str]
) -> ProductMedia:
    image = kind == "image"
    return ProductMedia(
        kind=kind,
        filename=file_name,
        mime_type=mime,
        title_en=texts[ProductField.NAME_EN] if image else "Data sheet",
        title_de=texts[ProductField.NAME_DE] if image else "Datenblatt",
        size=len(content),
        content=content,
    )


# A firewall finding that only follows from a problem already reported for the same cell.
_FOLLOWS_FROM = {
    ContentProblem.NO_TYPE: (ContentProblem.TYPE_UNKNOWN, ""),
    ContentProblem.PRICE_MISSING: (ContentProblem.PRICE_INVALID, "list_price"),
    ContentProblem.IMAGE_MISSING: (ContentProblem.FILE_MISSING, "image"),
    ContentProblem.DATASHEET_MISSING: (ContentProblem.FILE_MISSING, "datasheet"),
}


def _explained(finding: Finding, problems: list[Finding]) -> bool:
    if finding.problem is ContentProblem.ATTRIBUTE_MISSING:
        return any(p.key == finding.key for p in problems)
    cause = _FOLLOWS_FROM.get(finding.problem)
    if cause is None:
        return False
    problem, key = cause
    if problem is ContentProblem.FILE_MISSING:
        return any(p.key == key for p in problems)
    return any(p.problem is problem and (not key or p.key == key) for p in problems)


def _apply(
    product: Product,
    product_type: ProductType,
    category: Category,
    texts: dict[ProductField, str],
    amounts: dict[ProductField, Decimal | None],
    media: dict[str, tuple[str, str, bytes]],
    new_values: dict[str, AttributeValue],
    labels: dict[str, tuple[str, str]],
) -> list[tuple[str, str]]:
    """Write a passing record onto an existing product; return the (field, key) changed."""
    changes: list[tuple[str, str]] = []

    def set_field(name: ProductField, attribute: str, value: object) -> None:
        if getattr(product, attribute) != value:
            changes.append((name.value, ""))
            setattr(product, attribute, value)

    set_field(ProductField.TYPE, "product_type_id", product_type.id)
    set_field(ProductField.CATEGORY, "category_id", category.id)
    for name, value in texts.items():
        set_field(name, name.value, value)
    for name, value in amounts.items():
        set_field(name, name.value, value)
    product.published = True
    for attribute in product.attributes:
        # The attributes keep a copy of the product's category for the facets (#11).
        attribute.category_id = category.id
    existing = {a.key: a for a in product.attributes}
    for key, value in new_values.items():
        attribute = existing.get(key)
        if attribute is None:
            product.attributes.append(
                _attribute(key, value, category, len(product.attributes), labels)
            )
        elif (attribute.value_en, attribute.value_de, attribute.number, attribute.unit) == (
            value.value_en,
            value.value_de,
            value.number,
            value.unit,
        ):
            continue
        else:
            attribute.value_en, attribute.value_de = value.value_en, value.value_de
            attribute.number, attribute.unit = value.number, value.unit
        changes.append((ProductField.ATTRIBUTE.value, key))
    for kind, (file_name, mime, content) in media.items():
        current = [m for m in product.media if m.kind == kind]
        if len(current) == 1 and current[0].filename == file_name and current[0].content == content:
            continue
        changes.append((ProductField(kind).value, ""))
        for old in current:
            product.media.remove(old)
        product.media.append(_media(kind, file_name, mime, content, texts))
    return changes
