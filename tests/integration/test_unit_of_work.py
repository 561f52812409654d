"""The unit of work: commit on success, roll back on any exception, join when nested."""

import pytest

from shop.extensions import db
from shop.models import Company
from shop.services.unit_of_work import UnsavedChanges, end_reads, unit_of_work
from tests.factories import make_company


def _name_in_database(company_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Company, company_id).name


def test_changes_in_a_unit_of_work_are_committed(app_context):
    company = make_company()

    with unit_of_work():
        company.name = "Renamed GmbH"
    db.session.rollback()

    assert _name_in_database(company.id) == "Renamed GmbH"


def test_an_exception_rolls_back_everything_the_unit_changed(app_context):
    company = make_company(name="Before GmbH")

    with pytest.raises(ValueError), unit_of_work():
        company.name = "Half-done GmbH"
        db.session.flush()
        raise ValueError("business rule refused")

    assert _name_in_database(company.id) == "Before GmbH"


def test_a_nested_unit_joins_the_outer_one_which_commits_or_rolls_back(app_context):
    company = make_company(name="Outer GmbH")

    with pytest.raises(ValueError), unit_of_work():
        with unit_of_work():
            company.name = "Inner GmbH"
        assert db.session().in_transaction()
        raise ValueError("outer refused")

    assert _name_in_database(company.id) == "Outer GmbH"


def test_changes_made_outside_a_unit_of_work_are_refused_not_committed(app_context):
    company = make_company(name="Untouched GmbH")
    company.name = "Sneaked in GmbH"

    with pytest.raises(UnsavedChanges), unit_of_work():
        pass

    db.session.rollback()
    assert _name_in_database(company.id) == "Untouched GmbH"


def test_reads_before_the_unit_are_read_again_inside_it(app_context):
    company = make_company(name="Read GmbH")
    assert company.name == "Read GmbH"
    other = db.session.get(Company, company.id)
    db.session.execute(
        Company.__table__.update().where(Company.id == company.id).values(name="Fresh GmbH")
    )
    db.session.commit()

    with unit_of_work():
        seen = other.name

    assert seen == "Fresh GmbH"


def test_end_reads_is_refused_inside_a_unit_of_work(app_context):
    with pytest.raises(RuntimeError), unit_of_work():
        end_reads()
