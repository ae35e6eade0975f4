"""Rule changes reach existing bases: the extractor version is a digest of what decides the facts,
and a run re-extracts what another version made, ending with the base a fresh build gives."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import version
from pipeline.cli import cli, ingest_paths

CORPUS = Path(__file__).parent.parent / "corpus"
VOLATILE = {"stored_at", "seen_at", "started_at", "ended_at", "changed_at"}
FACTS = ["articles", "sentences", "mentions", "officials", "article_regions", "worker_counts", "budgets",
         "percentages", "article_programs", "event_dates", "people", "programs"]


def rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of the fact tables, without the columns that record when they were written."""
    conn = sqlite3.connect(db_path)
    found = {}
    for table in FACTS:
        columns = [c[1] for c in conn.execute(f"PRAGMA table_info([{table}])") if c[1] not in VOLATILE]
        found[table] = sorted(conn.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]"))
    conn.close()
    return found


def as_made_by_older_rules(db_path: Path) -> None:
    """What a base built by an earlier rule round looks like: another version, facts it lacked."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("UPDATE articles SET extractor_version = 'warta-0.1.0'")
    conn.execute("DELETE FROM article_programs")
    conn.execute("UPDATE worker_counts SET region_code = NULL, status = 'other'")
    conn.commit()
    conn.close()


def test_a_base_of_older_rules_is_re_extracted_by_the_next_run_into_what_a_fresh_build_gives(tmp_path: Path):
    fresh, old = tmp_path / "fresh.db", tmp_path / "old.db"
    ingest_paths([CORPUS], fresh)
    ingest_paths([CORPUS], old)
    as_made_by_older_rules(old)
    summary = ingest_paths([CORPUS], old, kind="run")
    assert summary["outcome"] == {"updated": 5}
    assert rows(old) == rows(fresh)


def test_a_run_on_an_unchanged_base_re_extracts_nothing(tmp_path: Path):
    db = tmp_path / "kb.db"
    ingest_paths([CORPUS], db)
    assert ingest_paths([CORPUS], db, kind="run")["outcome"] == {"unchanged": 5}


def test_reextract_takes_only_the_older_articles_its_condition_names(tmp_path: Path):
    db = tmp_path / "kb.db"
    ingest_paths([CORPUS], db)
    as_made_by_older_rules(db)
    result = CliRunner().invoke(cli, ["reextract", "--db", str(db), "--where", "id IN ('seed-001', 'seed-002')"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    assert sorted(conn.execute("SELECT id FROM articles WHERE extractor_version = ?", [version.extractor_version()])) \
        == [("seed-001",), ("seed-002",)]


def test_reextract_with_a_broken_condition_is_a_one_line_error(tmp_path: Path):
    db = tmp_path / "kb.db"
    ingest_paths([CORPUS], db)
    result = CliRunner().invoke(cli, ["reextract", "--db", str(db), "--where", "id = "])
    assert result.exit_code == 1
    assert result.output.startswith("Error: --where 'id = ':")


def test_an_article_keeps_the_day_it_was_first_seen_when_its_text_changes(tmp_path: Path):
    db, page = tmp_path / "kb.db", tmp_path / "banjir.txt"
    page.write_text("Banjarmasin - Sebanyak 120 pekerja rentan di Kota Banjarmasin terdaftar BPJS Ketenagakerjaan "
                    "sejak Kamis (26/11), kata Kepala Dinas.", encoding="utf-8")
    ingest_paths([page], db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE articles SET fetched_at = '2021-01-05'")
    conn.commit()
    page.write_text(page.read_text(encoding="utf-8") + " Jumlahnya terus bertambah.", encoding="utf-8")
    assert ingest_paths([page], db)["outcome"] == {"updated": 1}
    assert conn.execute("SELECT a.fetched_at, e.date FROM articles a JOIN event_dates e ON e.article_id = a.id"
                        ).fetchall() == [("2021-01-05", "2020-11-26")]


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package and models whose version is computed, so a lexicon can be changed."""
    root = tmp_path / "warta"
    shutil.copytree(version.PACKAGE, root / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(version.MODELS / "ner-id", root / "models" / "ner-id", ignore=shutil.ignore_patterns("ner", "tok2vec", "vocab"))
    monkeypatch.setattr(version, "PACKAGE", root / "pipeline")
    monkeypatch.setattr(version, "MODEL_CARDS", {"spacy": root / "models" / "ner-id" / "meta.json"})
    version.extractor_version.cache_clear()
    yield root / "pipeline"
    version.extractor_version.cache_clear()


def test_one_more_program_alias_gives_another_extractor_version(package_copy: Path):
    before = version.extractor_version()
    with (package_copy / "resources" / "programs.csv").open("a", encoding="utf-8") as lexicon:
        lexicon.write("Jaminan Kematian,JKMT,yes\n")
    version.extractor_version.cache_clear()
    assert version.extractor_version() != before


def test_the_extractor_version_is_the_same_for_the_same_inputs(package_copy: Path):
    first = version.extractor_version()
    version.extractor_version.cache_clear()
    assert version.extractor_version() == first


def test_a_page_reading_lexicon_leaves_the_extractor_version_alone(package_copy: Path):
    before = version.extractor_version()
    with (package_copy / "resources" / "boilerplate.txt").open("a", encoding="utf-8") as lexicon:
        lexicon.write("Simak berita lainnya\n")
    version.extractor_version.cache_clear()
    assert version.extractor_version() == before


@pytest.mark.parametrize("name", sorted(version.PAGE_LEXICONS))
def test_page_reading_lexicons_are_read_by_no_rule(name: str):
    readers = [path for path in (version.PACKAGE / "rules").glob("*.py") if name in path.read_text(encoding="utf-8")]
    assert readers == []
