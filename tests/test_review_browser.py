"""The review pages for real: Datasette with the warta plugin, driven by Debian's chromium.

One annotator session, in order: log in, reject a fact, edit a worker count, add a missing
official, mark the article done; then `warta run` re-extracts the article and the corrections must still be in force, in
the *_current views and in the exported gold file.  An anonymous visitor can read but not post.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

CHROMIUM = Path("/usr/bin/chromium")
FIXTURE = Path(__file__).parent / "fixtures" / "review"
ARTICLE = "review-ojek"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (the dev extra) is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: apt-get install chromium"),
]


def _warta(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "-q", *args], input=stdin, capture_output=True,
                          text=True, check=True, timeout=300)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A knowledge base of the fixture article, an annotator account, and Datasette serving both."""
    folder = tmp_path_factory.mktemp("review")
    db_path = folder / "kb.db"
    _warta("run", "--db", str(db_path), "--corpus", str(FIXTURE))
    _warta("user", "add", "alice", "--db", str(db_path), "--password", "rahasia-123")
    port = _free_port()  # the review plugin reads the accounts beside the base: no metadata carries hashes
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db_path),
                               "-h", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/-/versions.json", timeout=1)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"datasette did not start: {server.stderr.read().decode()}")
            time.sleep(0.2)
    try:
        yield {"url": url, "db": db_path, "folder": folder}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _fact(page: Any, table: str, quote: str, active: bool = True) -> Any:
    state = ":not(.off)" if active else ".off"
    return page.locator(f"li.fact.t-{table}{state}", has=page.locator("q", has_text=quote))


def _select_text(page: Any, words: str) -> None:
    """Select `words` in the article text as a mouse drag would, then release the mouse."""
    page.evaluate("""(words) => {
        const root = document.getElementById('article-text');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return;
            }
        }
        throw new Error('not in the text: ' + words);
    }""", words)


@pytest.fixture(scope="module")
def reviewed(site: dict[str, Any], browser: Any, screenshot_dir: Path) -> dict[str, Any]:
    """Alice logs in and makes her three corrections through the page, with keys and forms."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.goto(f"{site['url']}/-/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "rahasia-123")
    page.click("input[type=submit], button[type=submit]")
    page.goto(f"{site['url']}/-/review")
    page.click(f"a[href='/-/review/{ARTICLE}']")

    _fact(page, "article_programs", "Jaminan Kematian").click()
    with page.expect_navigation():
        page.keyboard.press("r")
    assert _fact(page, "article_programs", "Jaminan Kematian").count() == 0

    worker = _fact(page, "worker_counts", "3 ribu pengemudi")
    worker.locator("summary", has_text="edit").click()
    worker.locator("input[name=v_value_workers]").fill("3500")
    worker.locator("input[name=v_group_name]").fill("pengemudi ojek daring")
    worker.locator("input[name=note]").fill("angka dari rilis resmi")
    with page.expect_navigation():
        worker.locator("button", has_text="save").click()

    _select_text(page, "Maya Kusuma")
    form = page.locator("#add-form")
    form.locator("select[name=fact_table]").select_option("officials")
    official = form.locator("fieldset[data-table=officials]")
    official.locator("input[name=v_name]").fill("Maya Kusuma")
    official.locator("input[name=v_position]").fill("Kepala Kantor Cabang")
    official.locator("input[name=v_organization]").fill("BPJS Ketenagakerjaan")
    official.locator("input[name=v_region_code]").fill("Kota Samarinda")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    with page.expect_navigation():
        page.keyboard.press("d")  # done: only now does the article count as reviewed
    _fact(page, "officials", "Maya Kusuma").click()
    page.screenshot(path=str(screenshot_dir / "review.png"), full_page=True)
    statuses = {
        "rejected": _fact(page, "article_programs", "Jaminan Kematian", active=False).locator(".status").inner_text(),
        "edited": _fact(page, "worker_counts", "3 ribu pengemudi").locator(".status").inner_text(),
        "added": _fact(page, "officials", "Maya Kusuma").locator(".status").inner_text(),
    }
    context.close()

    db = sqlite_utils.Database(site["db"])
    db.execute("UPDATE articles SET extractor_version = 'an older extractor'")
    db.conn.commit()
    db.close()
    _warta("run", "--db", str(site["db"]), "--corpus", str(FIXTURE))
    gold_path = site["folder"] / "gold.jsonl"
    _warta("export-gold", "--db", str(site["db"]), "--output", str(gold_path))
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    return {"statuses": statuses, "db": sqlite_utils.Database(site["db"]), "gold": gold}


def test_the_page_shows_each_correction_with_its_annotator(reviewed):
    assert reviewed["statuses"] == {"rejected": "rejected", "edited": "edited by alice", "added": "added by alice"}


def test_warta_run_really_re_extracted_the_article(reviewed):
    version = reviewed["db"].execute("SELECT extractor_version FROM articles WHERE id = ?", [ARTICLE]).fetchone()[0]
    assert version != "an older extractor"


def test_a_rejected_program_stays_out_of_the_current_view_after_a_rerun(reviewed):
    db = reviewed["db"]
    assert db.execute("SELECT COUNT(*) FROM article_programs WHERE text = 'Jaminan Kematian'").fetchone()[0] == 1
    programs = [r[0] for r in db.execute("SELECT program FROM article_programs_current WHERE article_id = ?", [ARTICLE])]
    assert "Jaminan Kematian" not in programs


def test_an_edited_worker_count_stays_edited_after_a_rerun(reviewed):
    rows = reviewed["db"].execute(
        "SELECT value_workers, group_name, origin, annotator FROM worker_counts_current WHERE text = '3 ribu pengemudi'"
    ).fetchall()
    assert rows == [(3500, "pengemudi ojek daring", "human", "alice")]


def test_an_added_official_stays_after_a_rerun(reviewed):
    rows = reviewed["db"].execute(
        "SELECT name, position, organization, region_code FROM officials_current WHERE name = 'Maya Kusuma'").fetchall()
    assert rows == [("Maya Kusuma", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan", "6472")]


def test_the_exported_gold_file_holds_the_corrections(reviewed):
    [article] = reviewed["gold"]
    facts = article["facts"]
    assert article["id"] == ARTICLE
    assert "Jaminan Kematian" not in facts["programs"]
    assert {"value": 3500, "status": "unprotected", "group": "pengemudi ojek daring", "region": "Kota Samarinda",
            "text": "3 ribu pengemudi"} in facts["worker_counts"]
    assert {"name": "Maya Kusuma", "position": "Kepala Kantor Cabang", "organization": "BPJS Ketenagakerjaan",
            "region": "Kota Samarinda"} in facts["officials"]


def test_an_anonymous_visitor_cannot_post_a_judgement(site, browser, reviewed):
    before = reviewed["db"].execute("SELECT COUNT(*) FROM judgement_audit").fetchone()[0]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site['url']}/-/review/{ARTICLE}")
    assert page.locator("li.fact").count() > 0
    assert page.locator("form.judge-reject").count() == 0
    fact_id = reviewed["db"].execute("SELECT id FROM budgets WHERE article_id = ?", [ARTICLE]).fetchone()[0]
    response = context.request.post(f"{site['url']}/-/review/{ARTICLE}",
                                    form={"action": "reject", "fact_table": "budgets", "fact_id": fact_id})
    context.close()
    assert response.status == 403
    assert reviewed["db"].execute("SELECT COUNT(*) FROM judgement_audit").fetchone()[0] == before
