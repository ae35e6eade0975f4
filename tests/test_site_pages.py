"""The researchers' pages read: names instead of ids, titles, licence everywhere, the dashboard.

Datasette serves a base built from the shipped corpus (tests/test_serving.build_base), requests go
through its ASGI client.
"""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from pipeline.labels import article_label, rupiah
from pipeline.serving import make_datasette
from tests.test_serving import build_base


@pytest.fixture(scope="module")
def get(tmp_path_factory):
    datasette = make_datasette(build_base(tmp_path_factory.mktemp("site") / "kb.db"))

    def fetch(path: str) -> httpx.Response:
        response = asyncio.run(datasette.client.get(path))
        assert response.status_code == 200, path
        return response

    return fetch


def _untitled(get) -> str:
    return get("/kb/articles.json?_shape=array&_where=title+is+null&_size=1").json()[0]["id"]


def test_an_untitled_article_is_named_by_outlet_date_and_first_words():
    label = article_label(None, "Kalimantan Post", "2024-05-02T08:00", "BPJS Ketenagakerjaan menyerahkan santunan "
                                                                       "kepada ahli waris pekerja rentan di kota ini")
    assert label == "Kalimantan Post, 2024-05-02: BPJS Ketenagakerjaan menyerahkan santunan kepada ahli waris pekerja…"


def test_a_titled_article_is_named_by_its_title():
    assert article_label("Pekerja rentan terlindungi", "X", "2024-01-01", "teks") == "Pekerja rentan terlindungi"


def test_view_cells_name_untitled_articles_never_none(get):
    article_id = _untitled(get)
    html = get(f"/kb/fact_places?article_id={article_id}").text
    link = re.search(rf'<a href="/kb/articles/{re.escape(article_id)}">([^<]+)</a>', html)
    assert link and "None" not in link.group(1) and link.group(1) != article_id


def test_current_view_region_facet_shows_region_names(get):
    html = get("/kb/officials_current").text
    facet = html[html.index('id="facet-region_code"'):][:3000]
    assert "Kota Banjarmasin" in facet and not re.search(r">\s*6371\s*<", facet)


def test_person_ids_show_as_names(get):
    html = get("/kb/officials_current").text
    assert re.search(r'<a href="/kb/people/[^"]+">Wulan Prasetyo</a>', html)


def test_a_stored_querys_page_is_titled_by_its_name(get):
    html = get("/kb/coverage_by_region").text
    assert "<title>Coverage by region and year · kb</title>" in html


@pytest.mark.parametrize("path", ["/", "/kb", "/kb/fact_places", "/kb/coverage_by_region", "/kb/articles/seed-000",
                                  "/-/dashboard", "/kb/outlets"])
def test_every_page_names_the_licence_and_the_source(get, path):
    footer = get(path).text.split('<footer class="ft">', 1)[1]
    assert "CC BY 4.0" in footer and "Indonesian regional news outlets" in footer


def test_an_articles_page_leads_to_its_corrected_facts_and_its_review_page(get):
    html = get("/kb/articles/seed-000").text
    assert 'href="/kb/article_facts?article_id=seed-000"' in html
    assert 'href="/kb/worker_counts_current?article_id=seed-000"' in html
    assert 'href="/-/review/seed-000"' in html


def test_the_home_page_leads_first_to_the_dashboard_and_links_article_facts(get):
    html = get("/").text
    assert html.index('href="/-/dashboard"') < html.index('href="/kb/fact_places"')
    assert 'href="/kb/article_facts"' in html


def test_budgets_have_a_funding_source_column_and_filter(get):
    rows = get("/kb/budgets_by_region_program_year.json?_shape=array&funding_source=APBD").json()
    assert rows and {row["funding_source"] for row in rows} == {"APBD"}


def test_budget_year_is_an_integer_in_json(get):
    rows = get("/kb/budgets_by_region_program_year.json?_shape=array").json()
    assert rows and all(isinstance(row["year"], int) for row in rows if row["year"] is not None)


def test_budget_amounts_read_with_thousands_separators_and_unit(get):
    html = get("/kb/budgets_by_region_program_year").text
    assert re.search(r'class="col-total_amount_idr[^"]*">Rp \d{1,3}(,\d{3})+<', html)


def test_rupiah_keeps_a_non_number_as_it_is():
    assert (rupiah(1500000), rupiah(None)) == ("Rp 1,500,000", "None")


def test_the_dashboard_lists_regions_and_draws_the_coverage_chart(get):
    html = get("/-/dashboard").text
    assert 'id="warta-map"' in html and "Kota Samarinda" in html
    chart = html[html.index('id="warta-coverage-chart"'):]
    assert "<svg" in chart[:500] and "Protected vs total workers" in chart and "Targets" in chart


def test_the_dashboard_filters_by_province(get):
    html = get("/-/dashboard?province=Provinsi+Kalimantan+Selatan").text
    table = html[html.index("<h2>Regions</h2>"):]
    assert "Kota Banjarmasin" in table and "Kota Samarinda" not in table


def test_the_review_queue_names_untitled_articles(get):
    html = get("/-/review").text
    assert ">None<" not in html and "None dev" not in html


def test_a_rejected_fact_counts_as_judged_in_the_queue(tmp_path):
    from pipeline.cli import ingest_paths
    from pipeline.judgements import judge
    from pipeline.storage import Store
    from tests.conftest import REVIEW_FIXTURE

    path = tmp_path / "kb.db"
    ingest_paths([REVIEW_FIXTURE], path)
    with Store(path) as store:
        fact_id, facts = store.db.execute("SELECT id, (SELECT facts FROM review_queue) FROM budgets").fetchone()
        judge(store.db, article_id="review-ojek", fact_table="budgets", action="reject", annotator="alice",
              fact_id=fact_id)
    html = asyncio.run(make_datasette(path).client.get("/-/review")).text
    assert f"<td>1 / {facts}</td>" in html
