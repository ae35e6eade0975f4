"""Annotators for real: `warta serve` on the review fixture, two accounts, Debian's chromium.

Keys never fire while a form is open, an edit typed after `e` is saved as typed, undo restores,
an article is exported only once marked done, and two annotators' disagreement is listed, never
overwritten; a page opened before the other annotator's change is refused with who changed what.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from tests.test_review_browser import CHROMIUM, CHROMIUM_ARGS, FIXTURE, _fact, _select_text, _warta
from tests.test_serving import serve_in_background

ARTICLE = "review-ojek"
PASSWORD = "rahasia-panjang"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (the dev extra) is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("annotators") / "kb.db"
    _warta("run", "--db", str(db_path), "--corpus", str(FIXTURE))
    return db_path


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A fresh copy of the base under `warta serve`; alice's account is made before it starts, bob's
    only after (a running server must take it at once)."""
    db_path = tmp_path / "kb.db"
    db_path.write_bytes(built.read_bytes())
    _warta("user", "add", "alice", "--db", str(db_path), "--password", PASSWORD)
    process, url = serve_in_background(db_path)
    _warta("user", "add", "bob", "--db", str(db_path), "--password", PASSWORD)
    try:
        yield {"url": url, "db": db_path, "folder": tmp_path}
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _page_of(browser: Any, site: dict[str, Any], user: str) -> Any:
    """A logged-in annotator on the article's review page, JavaScript errors recorded."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{site['url']}/-/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.goto(f"{site['url']}/-/review/{ARTICLE}")
    return page


def _current(site: dict[str, Any], sql: str) -> list[tuple]:
    db = sqlite_utils.Database(site["db"])
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def _region_facts(site: dict[str, Any]) -> list[tuple]:
    return _current(site, "SELECT r.name, c.review FROM article_regions_current c JOIN regions r "
                          "ON r.code = c.region_code WHERE c.article_id = 'review-ojek'")


def _edit_region_by_keys(page: Any, name: str) -> None:
    _fact(page, "article_regions", "Samarinda").click()
    page.keyboard.press("e")
    page.keyboard.press("Control+A")
    page.keyboard.type(name)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _export_gold(site: dict[str, Any]) -> list[str]:
    out = site["folder"] / "gold.jsonl"
    _warta("export-gold", "--db", str(site["db"]), "--output", str(out))
    return [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]


def _edit_workers(page: Any, value: str) -> None:
    worker = _fact(page, "worker_counts", "3 ribu pengemudi")
    worker.locator("summary", has_text="edit").click()
    worker.locator("input[name=v_value_workers]").fill(value)
    worker.locator("button", has_text="save").click()
    page.wait_for_load_state()


def test_e_focuses_the_edit_form_and_the_region_is_saved_as_typed(site, browser):
    page = _page_of(browser, site, "alice")
    _edit_region_by_keys(page, "Kota Balikpapan")
    assert f"/-/review/{ARTICLE}?focus=" in page.url  # `n` did not go to the next article
    assert _region_facts(site) == [("Kota Balikpapan", "edited")]
    assert page.errors == []


def test_undo_restores_the_machine_fact(site, browser):
    page = _page_of(browser, site, "alice")
    _edit_region_by_keys(page, "Kota Balikpapan")
    with page.expect_navigation():
        page.keyboard.press("u")
    assert _region_facts(site) == [("Kota Samarinda", "unreviewed")]


def test_a_half_reviewed_article_is_exported_only_once_marked_done(site, browser):
    page = _page_of(browser, site, "alice")
    _edit_region_by_keys(page, "Kota Balikpapan")
    assert _export_gold(site) == []
    with page.expect_navigation():
        page.keyboard.press("d")
    assert page.locator(".review-state .done").count() == 1
    assert _export_gold(site) == [ARTICLE]


def test_two_annotators_conflicting_edits_are_listed_for_adjudication(site, browser):
    alice = _page_of(browser, site, "alice")
    _edit_workers(alice, "3500")
    bob = _page_of(browser, site, "bob")
    assert "alice edit (value_workers 3500" in _fact(bob, "worker_counts", "3 ribu").locator(".judged").inner_text()
    _edit_workers(bob, "4000")
    bob.goto(f"{site['url']}/-/review/conflicts")
    row = bob.locator("table.review-conflicts tbody tr")
    assert row.count() == 1
    assert "alice: edit" in row.inner_text() and "bob: edit" in row.inner_text()
    assert _current(site, "SELECT COUNT(*) FROM judgements WHERE fact_table = 'worker_counts'") == [(2,)]


def test_a_stale_page_is_refused_with_who_changed_what(site, browser):
    bob = _page_of(browser, site, "bob")
    alice = _page_of(browser, site, "alice")
    _edit_workers(alice, "3500")
    _fact(bob, "worker_counts", "3 ribu pengemudi").locator("form.judge-accept button").click()
    bob.wait_for_load_state()
    assert "alice edited it to value_workers 3500" in bob.locator(".review-error").inner_text()


def test_typing_in_the_add_form_never_judges(site, browser):
    page = _page_of(browser, site, "alice")
    _select_text(page, "Rudi Hartanto")
    form = page.locator("#add-form")
    form.locator("select[name=fact_table]").select_option("officials")
    assert form.locator("input[name=v_name]").input_value() == "Rudi Hartanto"
    form.locator("input[name=v_position]").click()
    page.keyboard.type("pengemudi ojek daring")  # a, r, e, n, d, j, k: every shortcut key
    assert form.locator("input[name=v_position]").input_value() == "pengemudi ojek daring"
    assert _current(site, "SELECT COUNT(*) FROM judgements") == [(0,)]


def test_a_selected_number_prefills_the_new_worker_count(site, browser):
    page = _page_of(browser, site, "alice")
    _select_text(page, "3 ribu")
    form = page.locator("#add-form")
    form.locator("select[name=fact_table]").select_option("worker_counts")
    field = form.locator("fieldset[data-table=worker_counts] input[name=v_value_workers]")
    page.wait_for_function("(el) => el.value !== ''", arg=field.element_handle())
    assert field.input_value() == "3000"


def test_the_queue_shows_progress_and_filters_by_fact_type(site, browser):
    page = _page_of(browser, site, "alice")
    page.goto(f"{site['url']}/-/review?fact_type=budgets&q=pengemudi")
    assert "0 of 1" in page.locator(".review-progress").inner_text()
    assert page.locator("table.review-queue tbody tr").count() == 1
    page.goto(f"{site['url']}/-/review?q=tidakadakatainidimanapun")
    assert page.locator("table.review-queue tbody tr").count() == 0


def test_an_account_made_while_serving_logs_in_and_a_removed_one_cannot(site, browser):
    assert _page_of(browser, site, "bob").locator("#undo-form").count() == 1
    _warta("user", "remove", "bob", "--db", str(site["db"]))
    assert _page_of(browser, site, "bob").locator("#undo-form").count() == 0

