"""A killed run leaves a consistent base and loses nothing: `warta ingest` in a subprocess is
SIGKILLed at chosen SQL statements (storage's WARTA_KILL_AT_STATEMENT trace hook) and at random
moments, during a first ingest, a schema upgrade and a re-ingest that re-anchors judgements; then
resumed, and compared with a base built without interruption.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = {
    "nelayan_tarakan.txt": (
        "Tarakan - Sebanyak 1.250 nelayan di Kota Tarakan kini terdaftar sebagai peserta BPJS Ketenagakerjaan.\n"
        "Wali Kota Tarakan, Khairul, mengatakan iuran mereka dibayar dari APBD sebesar Rp 900 juta tahun ini.\n"
        "Kepala Dinas Perikanan Tarakan Suryani Dewi menyebut cakupan kepesertaan nelayan baru 35 persen.\n"),
    "petani_kendal.txt": (
        "Kendal - Pemerintah Kabupaten Kendal mendaftarkan 3.400 petani penggarap ke program Jaminan Kecelakaan Kerja.\n"
        "Bupati Kendal Dico M Ganinduto menyatakan anggaran Rp 1,5 miliar disiapkan untuk iuran selama setahun.\n"
        "Menurut dia, baru 20 persen petani di Kendal yang terlindungi jaminan sosial.\n"),
    "ojek_palu.txt": (
        "Palu - Sekitar 800 pengemudi ojek daring di Kota Palu belum terlindungi jaminan sosial ketenagakerjaan.\n"
        "Kepala Kantor Cabang BPJS Ketenagakerjaan Palu Rahmat Hidayat mengajak para pengemudi mendaftar.\n"),
}
MANIFEST = ("file,id,url,outlet,published\n"
            "nelayan_tarakan.txt,kill-nelayan,https://tarakan.example/nelayan,Contoh Tarakan,2024-03-04\n"
            "petani_kendal.txt,kill-petani,https://kendal.example/petani,Contoh Kendal,2024-03-05\n"
            "ojek_palu.txt,kill-ojek,https://palu.example/ojek,Contoh Palu,2024-03-06\n")
# the second edition of one article: a new first sentence moves every judged span
EDITED = {"nelayan_tarakan.txt": "Tarakan - Kabar baik bagi pekerja laut di utara Kalimantan.\n"
                                 + ARTICLES["nelayan_tarakan.txt"]}

# tables whose rows must match; columns that hold a time of writing are left out
TIME_COLUMNS = {"stored_at", "seen_at", "created_at", "changed_at", "fetched_at"}
COMPARED = ["articles", "article_aliases", "sentences", "officials", "article_regions", "worker_counts",
            "budgets", "percentages", "article_programs", "event_dates", "mentions", "people", "person_aliases",
            "person_candidates", "person_sightings", "programs", "outlets", "judgements_in_force",
            "officials_current", "budgets_current"]


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


def ingest(corpus: Path, db: Path, kill_at: str | None = None, kill_after: float | None = None) -> int:
    """`warta ingest` in a subprocess, killed at a statement or after some seconds; its exit code."""
    env = {k: v for k, v in os.environ.items() if k != "WARTA_KILL_AT_STATEMENT"}
    if kill_at:
        env["WARTA_KILL_AT_STATEMENT"] = kill_at
    command = [sys.executable, "-m", "pipeline.cli", "-q", "ingest", str(corpus), "--db", str(db), "--workers", "1"]
    # stderr to a file, not a pipe: helper processes of a killed run must not keep the test waiting
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        if kill_after is not None:
            try:
                process.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
        try:
            process.wait(timeout=300)
        finally:
            process.kill()
        stderr.seek(0)
        if process.returncode not in (0, -signal.SIGKILL):
            raise AssertionError(f"warta ingest failed ({process.returncode}): {stderr.read().decode()[-2000:]}")
    return process.returncode


def snapshot(db: Path) -> dict[str, object]:
    """What the base holds, time stamps aside, after checking its integrity."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        state: dict[str, object] = {"version": conn.execute("PRAGMA user_version").fetchone()[0],
                                    "schema": sorted(conn.execute("SELECT type, name FROM sqlite_master"))}
        for table in COMPARED:
            cursor = conn.execute(f"SELECT * FROM [{table}]")
            keep = [i for i, d in enumerate(cursor.description) if d[0] not in TIME_COLUMNS]
            state[table] = sorted(tuple(row[i] for i in keep) for row in cursor.fetchall())
        return state
    finally:
        conn.close()


def kill_chain(corpus: Path, db: Path, kill_points: list[str], resume: bool = True) -> None:
    """Run the ingest once per kill point on the same base (each must die there), then (resume) once to the end."""
    for point in kill_points:
        assert ingest(corpus, db, kill_at=point) == -signal.SIGKILL, f"the run was not killed at {point!r}"
    if resume:
        assert ingest(corpus, db) == 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), ARTICLES)


@pytest.fixture(scope="module")
def clean_base(corpus: Path, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("clean") / "kb.db"
    assert ingest(corpus, db) == 0
    return db


def test_a_first_ingest_killed_anywhere_resumes_to_the_clean_base(corpus, clean_base, tmp_path):
    db = tmp_path / "kb.db"
    rng = random.Random(14)
    points = [r"1:CREATE VIRTUAL TABLE", r"1:CREATE TABLE judgements", '1:CREATE TABLE "frontier"',
              r"5:INSERT INTO \[regions\]", r"3:INSERT OR IGNORE INTO \[mentions\]", r"4:INSERT INTO \[articles\]",
              '1:INSERT INTO "person_aliases"']
    kill_chain(corpus, db, points, resume=False)
    ingest(corpus, db, kill_at=str(rng.randint(1, 1500)))  # a random statement (the run may end before it)
    ingest(corpus, db, kill_after=rng.uniform(0.5, 5.0))  # a random moment
    assert ingest(corpus, db) == 0
    assert snapshot(db) == snapshot(clean_base)


def test_a_schema_upgrade_killed_midway_resumes_to_the_clean_schema(corpus, tmp_path):
    import sqlite_utils

    from pipeline.storage import MIGRATIONS, connect

    db = tmp_path / "kb.db"
    old = sqlite_utils.Database(db)
    for migration in MIGRATIONS[:2]:  # a base made by a version that knew two migrations
        migration(old)
    old.execute("PRAGMA user_version = 2")
    old.close()
    points = ['1:CREATE TABLE "person_aliases"', '1:CREATE VIRTUAL TABLE "sentences_fts"',
              '1:CREATE TABLE "runs"', '1:CREATE TABLE "person_sightings"']
    kill_chain(corpus, db, points, resume=False)
    resumed = subprocess.run([sys.executable, "-m", "pipeline.cli", "-q", "export-gold", "--db", str(db)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    migrated = tmp_path / "migrated.db"
    connect(migrated).close()  # the schema the migrations alone make, uninterrupted
    state, clean = snapshot(db), snapshot(migrated)
    assert (state["version"], state["schema"]) == (clean["version"], clean["schema"])


def judge_some(db: Path) -> int:
    """An annotator's verdicts on the clean base: a rejected, an edited and an accepted fact."""
    from pipeline.judgements import judge
    from pipeline.storage import connect

    kb = connect(db)
    try:
        budget = kb.execute("SELECT id FROM budgets WHERE article_id = 'kill-nelayan'").fetchone()[0]
        workers = kb.execute("SELECT id FROM worker_counts WHERE article_id = 'kill-nelayan'").fetchone()[0]
        official = kb.execute("SELECT id FROM officials WHERE article_id = 'kill-nelayan' ORDER BY start").fetchone()[0]
        judge(kb, article_id="kill-nelayan", fact_table="budgets", action="edit", annotator="ani", fact_id=budget,
              values={"funding_source": "APBD Kota Tarakan"})
        judge(kb, article_id="kill-nelayan", fact_table="worker_counts", action="reject", annotator="ani",
              fact_id=workers)
        judge(kb, article_id="kill-nelayan", fact_table="officials", action="accept", annotator="ani",
              fact_id=official)
        return kb.execute("SELECT COUNT(*) FROM judgements_in_force").fetchone()[0]
    finally:
        kb.close()


def test_a_reingest_that_reanchors_judgements_killed_midway_resumes_to_the_clean_base(clean_base, tmp_path):
    judged = tmp_path / "judged.db"
    shutil.copy(clean_base, judged)
    assert judge_some(judged) == 3
    edited = write_corpus(tmp_path / "edited", {**ARTICLES, **EDITED})
    reference = tmp_path / "reference.db"
    shutil.copy(judged, reference)
    assert ingest(edited, reference) == 0
    db = tmp_path / "kb.db"
    shutil.copy(judged, db)
    kill_chain(edited, db, [r"2:(?i)update \W?judgements\W", r"1:INSERT INTO \[articles\]"])
    assert snapshot(db) == snapshot(reference)
    statuses = sqlite3.connect(db).execute("SELECT DISTINCT anchor_status FROM judgements_in_force").fetchall()
    assert statuses == [("re-anchored",)]  # all three followed the text
