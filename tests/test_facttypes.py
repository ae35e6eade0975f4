"""One definition per fact type: storage, judgements, evaluation, the Datasette layer and the review
styles all cover every type the registry (pipeline/facttypes.py) defines."""

from pathlib import Path

import pytest
import yaml

from pipeline import evaluation, judgements
from pipeline.facttypes import FACT_TYPES
from pipeline.storage import connect

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
METADATA = yaml.safe_load((PACKAGE / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
STYLES = (PACKAGE / "datasette" / "review" / "static" / "review.css").read_text(encoding="utf-8")
TYPES = pytest.mark.parametrize("fact", FACT_TYPES, ids=[f.name for f in FACT_TYPES])


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    db = connect(tmp_path_factory.mktemp("kb") / "kb.db")
    yield db
    db.close()


@TYPES
def test_every_fact_type_has_its_table_and_current_view(base, fact):
    assert fact.table in base.table_names()
    assert f"{fact.table}_current" in base.view_names()


@TYPES
def test_every_fact_type_is_described_in_the_datasette_metadata(fact):
    assert fact.table in METADATA["tables"] and f"{fact.table}_current" in METADATA["tables"]


@TYPES
def test_the_home_page_links_the_corrected_facts_of_every_type(fact):
    assert f"/{{database}}/{fact.table}_current" in METADATA["description_html"]


@TYPES
def test_every_fact_type_has_a_review_style(fact):
    assert f".t-{fact.table} " in STYLES


@TYPES
def test_every_fact_type_is_scored(fact):
    assert fact.name in evaluation.FACT_TYPES


@pytest.mark.parametrize("fact", [f for f in FACT_TYPES if f.category], ids=lambda f: f.name)
def test_annotators_choose_a_category_among_the_registered_ones(fact):
    [field] = [f for f in judgements.FACT_FIELDS[fact.table] if f.column == fact.category]
    assert field.choices == fact.categories


@pytest.mark.parametrize("fact", [f for f in FACT_TYPES if f.placed], ids=lambda f: f.name)
def test_a_placed_fact_type_stores_its_region(base, fact):
    assert "region_code" in base[fact.table].columns_dict
