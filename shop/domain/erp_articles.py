"""The ERP's article data as catalogue import records (#12, §13): one pipeline for both sources.

An article becomes the same ImportRecord a CSV line does, so it passes the same checks and
the same content firewall (shop/services/catalog_import.py). What an article leaves out,
the product keeps, as an empty cell does in a file. The EAN is checked like a file's `ean`
column (check digit, held by no other product).

Images and data sheets come as URLs. Decided: they are fetched, but only from the ERP's own
host (the client refuses every other URL without a request, so article data cannot make
the shop read from its internal network), and stored under the URL's last path segment;
a file the ERP does not deliver or a URL elsewhere rejects the record with that reason.
Plain Python: the service fetches the files and passes what happened to each.
"""

from collections.abc import Mapping
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from erp_bridge import Article
from shop.domain.attribute_values import AttributeValue, split_value
from shop.domain.catalog_import import ImportRecord, ProductField
from shop.domain.content_firewall import ContentProblem, Finding


class FileOutcome(StrEnum):
    """What became of a file an article names."""

    FETCHED = "fetched"
    NOT_DELIVERED = "not_delivered"  # the ERP answered, but without the file
    ELSEWHERE = "elsewhere"  # not on the ERP's host: never fetched


_TEXTS = {
    ProductField.NAME_EN: "name_en",
    ProductField.NAME_DE: "name_de",
    ProductField.DESCRIPTION_EN: "description_en",
    ProductField.DESCRIPTION_DE: "description_de",
    ProductField.MANUFACTURER: "manufacturer",
    ProductField.UNIT: "unit",
    ProductField.CATEGORY: "category_code",
    ProductField.TYPE: "product_type_code",
    ProductField.EAN: "ean",
}
_MULTI_LINE = {ProductField.DESCRIPTION_EN, ProductField.DESCRIPTION_DE}
_FILES = {ProductField.IMAGE: "image_url", ProductField.DATASHEET: "datasheet_url"}
_FILE_PROBLEMS = {
    FileOutcome.NOT_DELIVERED: ContentProblem.FILE_NOT_DELIVERED,
    FileOutcome.ELSEWHERE: ContentProblem.FILE_ELSEWHERE,
}


def file_name(url: str) -> str:
    """The name a file from `url` is stored under: the last segment of its path."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return unquote(path.rpartition("/")[2])


def file_urls(article: Article) -> list[str]:
    """The URLs of the image and data sheet an article names."""
    return [url for url in (article.image_url, article.datasheet_url) if url]


def article_value(value_en: str, value_de: str) -> str | AttributeValue:
    """An attribute's value: a measurement ("40 mm") as the file's cell would give it, text
    per language when the ERP sends two different ones."""
    if split_value(value_en).number is not None or not value_de or value_de == value_en:
        return value_en
    return AttributeValue(" ".join(value_en.split()), " ".join(value_de.split()))


def article_record(
    article: Article, position: int, files: Mapping[str, FileOutcome]
) -> ImportRecord:
    """The import record of the `position`th article (from 1); `files` says what became of
    each URL it names."""
    fields: dict[ProductField, str] = {}
    for name, attribute in _TEXTS.items():
        value = getattr(article, attribute)
        if value is not None:
            fields[name] = value.strip() if name not in _MULTI_LINE else value
    for name, amount in (
        (ProductField.LIST_PRICE, article.list_price),
        (ProductField.VAT_RATE, article.vat_rate),
    ):
        if amount is not None:
            fields[name] = str(amount)
    problems = []
    for name, attribute in _FILES.items():
        url = getattr(article, attribute)
        if not url:
            continue
        outcome = files.get(url, FileOutcome.NOT_DELIVERED)
        if outcome is FileOutcome.FETCHED:
            fields[name] = file_name(url)
        else:
            problems.append(Finding(_FILE_PROBLEMS[outcome], name.value, url[:200]))
    return ImportRecord(
        line=position,
        sku=article.sku.strip().upper(),
        fields=fields,
        attributes={
            attribute.key: article_value(attribute.value_en, attribute.value_de)
            for attribute in article.attributes
        },
        problems=tuple(problems),
    )
