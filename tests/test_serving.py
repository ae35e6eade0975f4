"""The researchers' Datasette, served for real over a base built from the shipped corpus."""

import asyncio
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx
import pytest
import sqlite_utils
import yaml
from datasette.database import Database

from pipeline import counts
from pipeline.cli import ingest_paths
from pipeline.judgements import judge
from pipeline.people import resolve_database
from pipeline.records import (
    Article,
    Extraction,
    Facts,
    Official,
    RegionMention,
    WorkerCount,
)
from pipeline.serving import (
    build_metadata,
    database_name,
    datasette_dir,
    install_views,
    make_datasette,
)
from pipeline.storage import Store

CORPUS = Path(__file__).parent.parent / "corpus"
PERSON_TEXT = ("Samarinda - Kepala Dinas Tenaga Kerja Kota Samarinda, Hj. Wulan Prasetyo, menyebut 4.500 pekerja "
               "rentan sudah terlindungi. Wulan berharap jumlahnya naik tahun depan.")


def _person_article(article_id: str, published: str, text: str, name: str) -> Extraction:
    """An article of our own naming an official, so the people pages have someone to show."""
    start = text.index(name)
    count_start = text.index("4.500") if "4.500" in text else -1
    facts = Facts(
        officials=[Official(name=name, position="Kepala Dinas Tenaga Kerja", organization="Pemerintah Kota Samarinda",
                            region="Kota Samarinda", start=start, end=start + len(name), text=name)],
        regions=[RegionMention(name="Kota Samarinda", code="6472", start=0, end=9, text="Samarinda")],
        worker_counts=[WorkerCount(value=4500, status="protected", group="pekerja rentan", text="4.500 pekerja rentan",
                                   region="Kota Samarinda",
                                   start=count_start, end=count_start + 20)] if count_start >= 0 else [],
    )
    article = Article(id=article_id, source=f"test:{article_id}", text=text, published=published,
                      outlet="Warta Uji", title=f"Pekerja rentan Samarinda ({article_id})")
    ends = [m.end() for m in re.finditer(r"\w{4,}\.(?=\s|$)", text)]  # not after "Hj."
    sentences = [(0 if i == 0 else ends[i - 1] + 1, end) for i, end in enumerate(ends)]
    return Extraction(article=article, sentences=sentences, mentions=[], facts=facts, extractor_version="test")


def build_base(path: Path) -> Path:
    """The shipped corpus plus two articles of ours naming the same official, resolved and with views."""
    ingest_paths([CORPUS], path)
    with Store(path) as store:
        store.save(_person_article("uji-samarinda-1", "2023-05-10", PERSON_TEXT, "Hj. Wulan Prasetyo"))
        store.save(_person_article("uji-samarinda-2", "2024-02-01",
                                   "Samarinda - Wulan Prasetyo meninjau pelatihan kerja bagi pemuda.", "Wulan Prasetyo"))
        resolve_database(store.db)
        install_views(store.db)
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return build_base(tmp_path_factory.mktemp("serving") / "kb.db")


@pytest.fixture(scope="module")
def get(base):
    datasette = make_datasette(base)

    def fetch(path: str) -> httpx.Response:
        return asyncio.run(datasette.client.get(path))

    return fetch


def _queries() -> list[str]:
    return list(yaml.safe_load((datasette_dir() / "queries.yml").read_text(encoding="utf-8")))


def _served_tables_and_views(db: sqlite_utils.Database) -> list[str]:
    """Every table and view of the base but the full-text indexes, which Datasette hides itself."""
    return [t for t in db.table_names() + db.view_names() if "_fts" not in t]


def test_metadata_describes_every_table_and_view_of_the_base(base):
    db = sqlite_utils.Database(base)
    tables = build_metadata("kb")["databases"]["kb"]["tables"]
    described = {t for t, v in tables.items() if v.get("description") or v.get("description_html")}
    assert [t for t in _served_tables_and_views(db) if t not in described] == []


def test_metadata_describes_every_column_of_every_table_and_view(base):
    db = sqlite_utils.Database(base)
    tables = build_metadata("kb")["databases"]["kb"]["tables"]
    missing = [f"{t}.{c.name}" for t in _served_tables_and_views(db) for c in db[t].columns
               if c.name not in tables[t].get("columns", {})]
    assert missing == []


def test_metadata_hides_the_raw_machine_tables_and_points_at_their_current_views():
    tables = build_metadata("kb")["databases"]["kb"]["tables"]
    machine = ["officials", "worker_counts", "budgets", "percentages", "article_programs", "article_regions",
               "event_dates", "mentions"]
    assert [t for t in machine if not (tables[t].get("hidden") and f"{t}_current" in tables[t]["description"])] == []


def test_metadata_lists_the_current_views_first():
    tables = list(build_metadata("kb")["databases"]["kb"]["tables"])
    assert all(name.endswith("_current") for name in tables[:8])


def test_metadata_describes_the_core_tables(base):
    tables = build_metadata("kb")["databases"]["kb"]["tables"]
    assert {"articles", "officials", "worker_counts", "budgets", "percentages", "regions", "people",
            "person_candidates", "fact_places", "coverage"} <= {t for t, v in tables.items() if v.get("description")
                                                                or v.get("description_html")}


def test_metadata_names_license_and_source():
    metadata = build_metadata("kb")
    assert metadata["license"] and metadata["license_url"].startswith("https://")
    assert metadata["source"] and metadata["source_url"] == "/kb/outlets"


def test_served_database_is_named_after_the_file():
    assert database_name("/data/extracted.db") == "extracted"


def test_index_page_links_the_map_and_the_common_questions(get):
    page = get("/").text
    assert 'href="/kb/fact_places"' in page and 'href="/kb/coverage_by_region"' in page


def test_database_page_leads_to_the_corrected_facts(get):
    page = get("/kb").text
    assert 'href="/kb/officials_current"' in page and 'href="/kb/worker_counts_current"' in page


def test_database_page_does_not_list_the_machine_tables(get):
    page = get("/kb").text
    assert 'href="/kb/worker_counts"' not in page and 'href="/kb/worker_counts_current"' in page


def test_table_page_shows_outlet_names_not_ids(get):
    page = get("/kb/articles").text
    assert "Warta Uji</a>" in page


def test_facts_table_page_shows_the_sentence_of_each_fact(get):
    page = get("/kb/worker_counts?value_workers=4500").text
    assert "sudah terlindungi.</a>" in page


def test_full_text_search_finds_articles_by_a_word(get):
    rows = get("/kb/articles.json?_search=terlindungi&_shape=array").json()
    assert "uji-samarinda-1" in {row["id"] for row in rows}


def test_sentences_are_searchable_too(get):
    rows = get("/kb/sentences.json?_search=pelatihan&_shape=array").json()
    assert any("pelatihan kerja bagi pemuda" in row["text"] for row in rows)


@pytest.mark.parametrize("table, word, order", [("articles", "pekerja", "published DESC"),
                                                ("articles", "terlindungi", "published DESC"),
                                                ("sentences", "pekerja", "id"), ("sentences", "pelatihan", "id")])
def test_a_searched_page_counts_and_lists_the_live_matches(get, base, table, word, order):
    db = sqlite_utils.Database(base)
    match = f"rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
    count = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {match}", [word]).fetchone()[0]
    key = order.split()[0]
    live = [r[0] for r in db.execute(f"SELECT {key} FROM {table} WHERE {match} ORDER BY {order} LIMIT 50", [word])]
    page = get(f"/kb/{table}.json?_search={word}&_shape=objects").json()
    assert count and page["filtered_table_rows_count"] == count
    assert [row[key] for row in page["rows"]] == live  # the same rows in order (ties may come in another order)


def test_facets_of_a_search_matching_more_rows_than_a_live_group_by_can_count_report_timing_out(get, monkeypatch):
    plugin = Database.execute.__globals__  # plugins/warta_counts.py, loaded by Datasette from its plugins_dir
    monkeypatch.setitem(plugin, "FACET_MATCHES", 1)
    assert "These facets timed out: outlet_id, language" in get("/kb/articles?_search=pekerja").text
    assert get("/kb/articles.json?_search=pekerja").json()["facet_results"] == {}
    monkeypatch.setitem(plugin, "FACET_MATCHES", 10**6)
    assert list(get("/kb/articles.json?_search=pekerja").json()["facet_results"]) == ["outlet_id", "language"]


def test_global_search_page_offers_articles_and_sentences(get):
    page = get("/-/search?q=pekerja").text
    assert "/kb/articles" in page and "/kb/sentences" in page


@pytest.mark.parametrize("query", _queries())
def test_canned_query_runs_without_parameters(get, query):
    response = get(f"/kb/{query}.json?_shape=objects")
    assert response.status_code == 200 and response.json()["ok"]


def test_coverage_by_region_reports_protected_workers_of_the_region(get):
    rows = get("/kb/coverage_by_region.json?_shape=array&region=Samarinda").json()
    assert [(r["region"], r["year"], r["protected_workers"]) for r in rows] == [("Kota Samarinda", 2023, 4500)]


def test_officials_of_region_lists_positions_in_date_order(get):
    rows = get("/kb/officials_of_region.json?_shape=array&region=Samarinda").json()
    assert [(r["person"], r["date"]) for r in rows] == [("Wulan Prasetyo", "2023-05-10"), ("Wulan Prasetyo", "2024-02-01")]


def test_articles_mentioning_a_person_include_those_naming_them_as_official(get):
    rows = get("/kb/articles_mentioning_person.json?_shape=array&name=Wulan").json()
    assert {r["article_id"] for r in rows if r["how"] == "named as official"} == {"uji-samarinda-1", "uji-samarinda-2"}


def test_article_facts_pairs_each_fact_with_its_sentence(get):
    rows = get("/kb/article_facts.json?_shape=array&article_id=uji-samarinda-1").json()
    count = next(r for r in rows if r["kind"] == "worker_count")
    assert count["value_workers"] == 4500 and count["sentence"].endswith("sudah terlindungi.")


def test_programs_per_region_counts_articles_of_the_shipped_corpus(get):
    rows = get("/kb/programs_per_region.json?_shape=array").json()
    assert rows and all(r["articles"] >= 1 for r in rows)


def test_fact_row_page_links_its_article_and_shows_its_sentence(get, base):
    fact_id = sqlite_utils.Database(base).execute(
        "SELECT id FROM worker_counts WHERE article_id = 'uji-samarinda-1'").fetchone()[0]
    page = get(f"/kb/worker_counts/{fact_id}").text
    assert '<a href="/kb/articles/uji-samarinda-1">Pekerja rentan Samarinda (uji-samarinda-1)</a>' in page
    assert "menyebut 4.500 pekerja rentan sudah terlindungi.</a>" in page


def test_row_json_gives_the_provenance_of_a_fact(get, base):
    fact_id = sqlite_utils.Database(base).execute(
        "SELECT id FROM worker_counts WHERE article_id = 'uji-samarinda-1'").fetchone()[0]
    row = get(f"/kb/worker_counts/{fact_id}.json?_shape=objects").json()["rows"][0]
    assert (row["article_id"], row["text"], row["extractor_version"]) == ("uji-samarinda-1", "4.500 pekerja rentan", "test")


def test_view_cells_link_back_to_the_fact_and_its_article(get):
    page = get("/kb/coverage?region=Kota+Samarinda").text
    assert re.search(r'<a href="/kb/worker_counts/\w+">', page)
    assert '<a href="/kb/articles/uji-samarinda-1">' in page


def test_current_view_ids_link_to_the_machine_row(get, base):
    fact_id = sqlite_utils.Database(base).execute(
        "SELECT id FROM worker_counts WHERE article_id = 'uji-samarinda-1'").fetchone()[0]
    page = get("/kb/worker_counts_current?article_id=uji-samarinda-1").text
    assert f'<a href="/kb/worker_counts/{fact_id}">' in page


def test_person_page_lists_the_officials_rows_linking_to_them(get, base):
    person_id = sqlite_utils.Database(base).execute("SELECT id FROM people WHERE name = 'Wulan Prasetyo'").fetchone()[0]
    page = get(f"/kb/people/{person_id}").text
    assert f'href="/kb/officials?person_id={person_id}"' in page


def test_map_view_carries_coordinates_of_the_regency(get):
    rows = get("/kb/fact_places.json?_shape=array&region=Kota+Samarinda").json()
    assert rows and all(r["latitude"] and r["longitude"] for r in rows)


def test_map_plugin_script_is_served_by_datasette_itself(get):
    page = get("/kb/fact_places").text
    script = re.search(r'src="(/-/static-plugins/datasette-cluster-map/[^"]+\.js)"', page).group(1)
    assert get(script).status_code == 200


def test_chart_plugin_assets_are_served_by_datasette_itself(get):
    page = get("/kb/coverage").text
    assets = re.findall(r'(?:src|href)="(/-/static-plugins/datasette_vega/[^"]+)"', page)
    assert assets and all(get(url).status_code == 200 for url in assets)


def test_pages_load_no_script_or_stylesheet_from_another_host(get):
    page = get("/kb/fact_places").text
    external = re.findall(r'<(?:script[^>]+src|link rel="stylesheet"[^>]+href)="(https?://[^"]+)"', page)
    assert external == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_in_background(db_path: Path) -> tuple[subprocess.Popen, str]:
    """`warta serve` in a subprocess on a free port; returns it and its base URL once it answers."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db_path), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/-/versions.json", timeout=2)
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"warta serve exited with {process.returncode}")
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("warta serve did not answer within 60 s")


def test_warta_serve_answers_over_http(base):
    process, url = serve_in_background(base)
    try:
        with urllib.request.urlopen(f"{url}/kb/coverage_by_region.json?_shape=array&region=Samarinda") as response:
            assert b"Kota Samarinda" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- reviewers' corrections, as researchers see them ----------------------------------------------

def _machine_id(db: sqlite_utils.Database, table: str, article_id: str) -> str:
    return db.execute(f"SELECT id FROM [{table}] WHERE article_id = ?", [article_id]).fetchone()[0]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    """Our two Samarinda articles, with the worker count of the first rejected and the official of
    the second given another position by a reviewer."""
    path = tmp_path_factory.mktemp("reviewed") / "kb.db"
    with Store(path) as store:
        store.save(_person_article("uji-samarinda-1", "2023-05-10", PERSON_TEXT, "Hj. Wulan Prasetyo"))
        store.save(_person_article("uji-samarinda-2", "2024-02-01",
                                   "Samarinda - Wulan Prasetyo meninjau pelatihan kerja bagi pemuda.", "Wulan Prasetyo"))
        db = store.db
        judge(db, article_id="uji-samarinda-1", fact_table="worker_counts", action="reject", annotator="rina",
              fact_id=_machine_id(db, "worker_counts", "uji-samarinda-1"))
        judge(db, article_id="uji-samarinda-2", fact_table="officials", action="edit", annotator="rina",
              fact_id=_machine_id(db, "officials", "uji-samarinda-2"), values={"position": "Sekretaris Daerah"})
        resolve_database(db)  # as the next run does
    return path


@pytest.fixture(scope="module")
def get_reviewed(reviewed):
    datasette = make_datasette(reviewed)

    def fetch(path: str) -> httpx.Response:
        return asyncio.run(datasette.client.get(path))

    return fetch


def test_a_rejected_worker_count_disappears_from_the_coverage_query(get_reviewed):
    assert get_reviewed("/kb/coverage_by_region.json?_shape=array&region=Samarinda").json() == []


def test_a_rejected_worker_count_disappears_from_the_map(get_reviewed):
    rows = get_reviewed("/kb/fact_places.json?_shape=array&article_id=uji-samarinda-1").json()
    assert rows and "worker_count" not in {r["kind"] for r in rows}


def test_an_edited_official_position_shows_in_officials_of_region(get_reviewed):
    rows = get_reviewed("/kb/officials_of_region.json?_shape=array&region=Samarinda").json()
    assert [(r["person"], r["date"], r["position"]) for r in rows] == [
        ("Wulan Prasetyo", "2023-05-10", "Kepala Dinas Tenaga Kerja"), ("Wulan Prasetyo", "2024-02-01", "Sekretaris Daerah")]


def test_an_edited_official_is_marked_as_edited_in_the_views(get_reviewed):
    rows = get_reviewed("/kb/official_positions.json?_shape=array&article_id=uji-samarinda-2").json()
    assert [r["review"] for r in rows] == ["edited"]


def test_an_edited_official_still_appears_in_the_persons_articles(get_reviewed):
    rows = get_reviewed("/kb/articles_mentioning_person.json?_shape=array&name=Wulan").json()
    assert {r["article_id"] for r in rows if r["how"] == "named as official"} == {"uji-samarinda-1", "uji-samarinda-2"}


def test_a_reviewers_fact_links_to_its_judgement(get_reviewed, reviewed):
    judgement_id = sqlite_utils.Database(reviewed).execute(
        "SELECT id FROM judgements WHERE action = 'edit'").fetchone()[0]
    page = get_reviewed("/kb/official_positions?article_id=uji-samarinda-2").text
    assert f'<a href="/kb/judgements/{judgement_id}">judgement-{judgement_id}</a>' in page


def test_unfiltered_pages_give_the_live_row_count_and_facets(get_reviewed, reviewed):
    db = sqlite_utils.Database(reviewed)
    for name in counts.counted():
        page = get_reviewed(f"/kb/{name}.json").json()
        assert page["filtered_table_rows_count"] == db.execute(f"SELECT COUNT(*) FROM [{name}]").fetchone()[0], name
        for facet in counts.facets(name):
            live = db.execute(f"SELECT [{facet}], COUNT(*) AS n FROM [{name}] WHERE [{facet}] IS NOT NULL "
                              "GROUP BY 1 ORDER BY n DESC, 1 LIMIT 30").fetchall()
            assert [(r["value"], r["count"]) for r in page["facet_results"][facet]["results"]] == live, (name, facet)


def test_an_unfiltered_page_reads_its_count_and_facets_from_layer_counts_a_filtered_one_counts_live(reviewed, tmp_path):
    copy = tmp_path / "kb.db"
    copy.write_bytes(reviewed.read_bytes())
    db = sqlite_utils.Database(copy)
    make_datasette(copy)  # installs what serving needs first
    db.execute("UPDATE layer_counts SET rows = rows + 1000 WHERE name = 'fact_places' AND facet IN ('', 'kind')")
    db.conn.commit()
    datasette = make_datasette(copy)
    page = asyncio.run(datasette.client.get("/kb/fact_places.json")).json()
    live = db.execute("SELECT COUNT(*) FROM fact_places").fetchone()[0]
    assert page["filtered_table_rows_count"] == live + 1000
    kinds = db.execute("SELECT kind, COUNT(*) + 1000 FROM fact_places GROUP BY kind").fetchall()
    assert sorted((r["value"], r["count"]) for r in page["facet_results"]["kind"]["results"]) == sorted(kinds)
    filtered = asyncio.run(datasette.client.get("/kb/fact_places.json?review=unreviewed")).json()
    assert filtered["filtered_table_rows_count"] == db.execute(
        "SELECT COUNT(*) FROM fact_places WHERE review = 'unreviewed'").fetchone()[0]


def test_the_database_page_counts_every_table(get, base):
    db = sqlite_utils.Database(base)
    tables = {t["name"]: t["count"] for t in get("/kb.json").json()["tables"]}
    assert tables and tables == {name: db.execute(f"SELECT COUNT(*) FROM [{name}]").fetchone()[0] for name in tables}
