"""The category tree is built once per process for the categories as they are (#10): a
page reads the few category rows on every request, but builds the tree again only when
they changed (a rename, a move, a category going live)."""

from sqlalchemy import update

from shop.catalog.queries import category_tree
from shop.extensions import db
from shop.models import Category
from tests.factories import make_category, make_product


def test_the_tree_is_built_again_only_when_a_category_changes(app_context):
    tools = make_category(slug="tree-tools", name_en="Tree tools")
    make_product(make_category(slug="tree-saws", name_en="Saws", parent=tools))
    db.session.commit()
    first = category_tree()

    again = category_tree()
    db.session.execute(update(Category).where(Category.id == tools.id).values(name_en="Tools"))
    db.session.commit()
    renamed = category_tree()

    assert again is first
    assert renamed is not first
    assert renamed.by_slug["tree-tools"].name_en == "Tools"
    assert [child.slug for child in renamed.by_slug["tree-tools"].children] == ["tree-saws"]
    assert first.by_slug["tree-tools"].name_en == "Tree tools"  # what it was, untouched
