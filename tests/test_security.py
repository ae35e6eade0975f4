"""What `warta serve` gives an anonymous visitor and a would-be intruder, over real HTTP: no
password hash in any served JSON, no login without the CSRF token, throttled password guessing, and
no link that is not http(s)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline.records import Article, Extraction, Facts
from pipeline.review import FAILED_LOGINS, accounts_path, add_account
from pipeline.storage import Store

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "kata-sandi-uji-77"
HOSTILE_URLS = {"art-js": "javascript:alert(document.cookie)", "art-data": "data:text/html,<script>alert(1)</script>",
                "art-js-spaced": " JavaScript:alert(2)"}
JSON_PAGES = ["/-/metadata.json", "/-/settings.json", "/-/plugins.json", "/-/databases.json", "/-/threads.json",
              "/-/versions.json", "/-/actor.json", "/-/config.json", "/kb.json", "/kb/articles.json",
              "/-/metadata.json?_extra=plugins"]


def _article(article_id: str, url: str) -> Extraction:
    text = f"Berita uji {article_id}: pekerja rentan di Kota Palu didata ulang oleh dinas."
    return Extraction(Article(id=article_id, source=f"test:{article_id}", text=text, url=url, title=article_id),
                      [(0, len(text))], [], Facts(), "test")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict[str, str]]:
    """`warta serve` over a base with hostile article URLs and one annotator account."""
    db = tmp_path_factory.mktemp("secure") / "kb.db"
    with Store(db) as store:
        store.save(_article("art-ok", "https://palu.example/berita/1"))
        for article_id, url in HOSTILE_URLS.items():
            store.save(_article(article_id, url))
    add_account(accounts_path(db), "ani", PASSWORD)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "-q", "serve", "--db", str(db), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(f"{url}/-/versions.json", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    pytest.fail(f"warta serve did not start: {process.stderr.read().decode()}")
                time.sleep(0.2)
        digest = json.loads(accounts_path(db).read_text(encoding="utf-8"))["ani"]
        yield {"url": url, "digest": digest}
    finally:
        process.terminate()
        process.wait(timeout=10)


def _login_form(client: httpx.Client, url: str) -> str:
    """Open the login page as a browser does; returns the form's CSRF token (the cookie is kept)."""
    page = client.get(f"{url}/-/login")
    return re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize("path", JSON_PAGES)
def test_no_served_json_holds_a_password_hash(server, path):
    response = httpx.get(server["url"] + path, follow_redirects=True)
    assert server["digest"] not in response.text
    assert "password_hash" not in response.text and "pbkdf2" not in response.text


def test_an_annotator_still_logs_in_with_the_form(server):
    with httpx.Client() as client:
        token = _login_form(client, server["url"])
        response = client.post(f"{server['url']}/-/login",
                               data={"username": "ani", "password": PASSWORD, "csrftoken": token})
    assert response.status_code == 302 and "ds_actor" in response.cookies


@pytest.mark.parametrize("form", [{"username": "ani", "password": PASSWORD},
                                  {"username": "ani", "password": PASSWORD, "csrftoken": "forged"}])
def test_a_login_post_without_cookies_is_refused_even_with_the_right_password(server, form):
    response = httpx.post(f"{server['url']}/-/login", data=form)
    assert response.status_code == 403 and "ds_actor" not in response.cookies


def test_a_login_post_with_the_cookie_but_without_the_token_is_refused(server):
    with httpx.Client() as client:
        _login_form(client, server["url"])
        response = client.post(f"{server['url']}/-/login", data={"username": "ani", "password": PASSWORD})
    assert response.status_code == 403 and "ds_actor" not in response.cookies


def test_failed_logins_are_throttled_until_even_the_right_password_waits(server):
    with httpx.Client() as client:
        token = _login_form(client, server["url"])
        statuses = [client.post(f"{server['url']}/-/login",
                                data={"username": "ani", "password": f"tebakan-{i}", "csrftoken": token}).status_code
                    for i in range(FAILED_LOGINS.amount)]
        refused = client.post(f"{server['url']}/-/login",
                              data={"username": "ani", "password": PASSWORD, "csrftoken": token})
    assert statuses == [200] * FAILED_LOGINS.amount  # the login page again, with its error
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "ds_actor" not in refused.cookies


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("article_id", sorted(HOSTILE_URLS))
def test_a_hostile_article_url_is_text_not_a_link_on_the_review_page(server, article_id):
    page = httpx.get(f"{server['url']}/-/review/{article_id}")
    assert page.status_code == 200
    assert all(href.startswith(("/", "http://", "https://", "#", "?")) for href in _hrefs(page.text)), _hrefs(page.text)
    assert "source:" in page.text


def test_a_web_article_url_is_a_link_on_the_review_page(server):
    page = httpx.get(f"{server['url']}/-/review/art-ok")
    assert "https://palu.example/berita/1" in _hrefs(page.text)


@pytest.mark.parametrize("path", ["/kb/articles", "/kb/articles/art-js", "/kb/article_aliases", "/-/review"])
def test_datasette_pages_link_only_to_http_urls(server, path):
    page = httpx.get(server["url"] + path)
    assert page.status_code == 200
    hostile = [h for h in _hrefs(page.text) if re.match(r"\s*(javascript|data|vbscript):", h, re.IGNORECASE)]
    assert hostile == []
