"""The map and the chart open in a real browser (Debian's chromium) without JavaScript errors."""

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.test_serving import build_base, serve_in_background

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHART = ("/kb/coverage?kind=worker_count#g.mark=circle&g.x_column=date&g.x_type=temporal"
         "&g.y_column=value_workers&g.y_type=quantitative&g.color_column=measure")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None,
                       reason="Debian's chromium (/usr/bin/chromium) is not installed; `make browser` installs it"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, url = serve_in_background(build_base(tmp_path_factory.mktemp("browser") / "kb.db"))
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page whose JavaScript errors and off-site requests are recorded; nothing leaves the machine."""

    def __init__(self, browser, server: str) -> None:
        self.errors: list[str] = []
        self.offsite: list[tuple[str, str]] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" and "net::ERR_FAILED" not in message.text else None)
        self.page.route("**/*", self._route)
        self.host = urlparse(server).netloc

    def _route(self, route) -> None:
        request = route.request
        if urlparse(request.url).netloc == self.host:
            route.continue_()
        else:
            self.offsite.append((request.resource_type, request.url))
            route.abort()


def test_map_page_draws_markers_without_javascript_errors(browser, server):
    visit = Visit(browser, server)
    visit.page.goto(f"{server}/kb/fact_places?region=Kota+Samarinda")
    visit.page.wait_for_selector(".leaflet-marker-icon", timeout=30_000)
    assert visit.errors == []
    visit.page.close()


def test_map_page_fetches_only_map_tiles_from_other_hosts(browser, server):
    visit = Visit(browser, server)
    visit.page.goto(f"{server}/kb/fact_places")
    visit.page.wait_for_selector(".leaflet-container", timeout=30_000)
    assert {kind for kind, _ in visit.offsite} <= {"image"}
    visit.page.close()


def test_coverage_chart_renders_without_javascript_errors(browser, server):
    visit = Visit(browser, server)
    visit.page.goto(f"{server}{CHART}")
    visit.page.wait_for_selector(".vega-embed canvas", timeout=30_000)
    assert visit.errors == []
    visit.page.close()


def test_screenshot_of_the_map_is_written_for_the_readme(browser, server, screenshot_dir):
    visit = Visit(browser, server)
    visit.page.goto(f"{server}/kb/fact_places")
    visit.page.wait_for_selector(".leaflet-marker-icon", timeout=30_000)
    visit.page.set_viewport_size({"width": 1280, "height": 1300})
    visit.page.evaluate("document.querySelector('h3').scrollIntoView({block: 'start'})")
    visit.page.screenshot(path=str(screenshot_dir / "datasette.png"), full_page=False)
    assert (screenshot_dir / "datasette.png").stat().st_size > 10_000
    visit.page.close()


def test_dashboard_draws_markers_and_the_coverage_chart_without_console_errors(browser, server):
    visit = Visit(browser, server)
    visit.page.goto(f"{server}/-/dashboard")
    visit.page.wait_for_selector("#warta-map .leaflet-marker-icon", timeout=30_000)
    assert visit.page.locator("#warta-map .leaflet-marker-icon").count() >= 2
    assert visit.page.locator("#warta-coverage-chart svg").count() == 1
    assert visit.errors == []
    visit.page.close()


def test_dashboard_filtered_to_a_province_shows_only_its_regions(browser, server):
    visit = Visit(browser, server)
    visit.page.goto(f"{server}/-/dashboard")
    visit.page.select_option("select[name=province]", "Provinsi Kalimantan Selatan")
    with visit.page.expect_navigation():
        visit.page.click("form button[type=submit]")
    visit.page.wait_for_selector("#warta-map .leaflet-marker-icon", timeout=30_000)
    titles = visit.page.locator("#warta-map .leaflet-marker-icon").evaluate_all("els => els.map(e => e.title)")
    assert titles and "Kota Samarinda" not in titles
    visit.page.close()


def test_screenshot_of_the_dashboard_is_written_for_the_readme(browser, server, screenshot_dir):
    visit = Visit(browser, server)
    visit.page.set_viewport_size({"width": 1280, "height": 1400})
    visit.page.goto(f"{server}/-/dashboard")
    visit.page.wait_for_selector("#warta-map .leaflet-marker-icon", timeout=30_000)
    visit.page.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=False)
    assert (screenshot_dir / "dashboard.png").stat().st_size > 10_000
    visit.page.close()
