"""The simulator's article data (contract v1.3): the data file's articles checked for
structure with the bad field named, and served in pages by a token that skips nothing."""

from datetime import UTC, datetime

import pytest

from erp_bridge.simulator.articles import (
    InvalidArticles,
    InvalidPageToken,
    article_page,
    media_file,
    parse_articles,
)

BASE = "http://127.0.0.1:8099"


def articles(*skus: str) -> tuple:
    return parse_articles(
        [{"sku": sku, "changedAt": f"2026-11-0{n}T08:00:00Z"} for n, sku in enumerate(skus, 1)]
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"articles": 1}, "articles: expected a list of objects"),
        ([{"changedAt": "2026-11-01T08:00:00Z"}], "articles[0].sku: missing"),
        ([{"sku": "A", "changedAt": "yesterday"}], "articles[0].changedAt: expected an ISO"),
        ([{"sku": "A", "changedAt": "2026-11-01", "name": "x"}], "articles[0].name: unknown"),
        ([{"sku": "A", "changedAt": "2026-11-01", "listPrice": "cheap"}], "listPrice"),
        ([{"sku": "A", "changedAt": "2026-11-01", "attributes": [{"valueEn": "x"}]}], "key"),
    ],
)
def test_a_bad_article_is_refused_naming_the_field(raw, message):
    with pytest.raises(InvalidArticles, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_articles(raw)


def test_pages_follow_the_token_to_the_end_in_sku_order():
    data = articles("C", "A", "B")

    first = article_page(data, None, None, 2, BASE)
    second = article_page(data, None, first.next_page_token, 2, BASE)

    assert [a["sku"] for a in first.articles] == ["A", "B"]
    assert [a["sku"] for a in second.articles] == ["C"] and second.next_page_token is None


def test_changed_since_leaves_out_older_articles():
    page = article_page(articles("A", "B"), datetime(2026, 11, 1, 12, tzinfo=UTC), None, 10, BASE)

    assert [a["sku"] for a in page.articles] == ["B"]


def test_an_unknown_token_is_refused():
    with pytest.raises(InvalidPageToken):
        article_page(articles("A"), None, "page-7", 10, BASE)


def test_a_named_file_is_served_by_url_and_only_named_files_exist():
    data = parse_articles(
        [{"sku": "A", "changedAt": "2026-11-01", "image": "a.png", "datasheet": "a.pdf"}]
    )

    wire = article_page(data, None, None, 10, BASE).articles[0]

    assert wire["imageUrl"] == f"{BASE}/media/a.png"
    assert media_file(data, "a.png")[0].startswith(b"\x89PNG\r\n\x1a\n")
    assert media_file(data, "a.pdf")[0].startswith(b"%PDF-")
    assert media_file(data, "b.png") is None and media_file(data, "../a.png") is None
