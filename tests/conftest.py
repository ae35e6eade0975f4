"""Shared test set-up: where ../shared is, a skip marker for tests that need it, the review base."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEV_GOLD = SHARED / "eval" / "dev.jsonl"

needs_shared = pytest.mark.skipif(
    not DEV_GOLD.exists(), reason=f"{DEV_GOLD} is absent (a user's clone has no ../shared)"
)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """Where browser tests put screenshots: tests/screenshots under `make screenshots`, else a tmp dir,
    so an ordinary test run leaves the working tree clean."""
    import os

    chosen = os.environ.get("WARTA_SCREENSHOTS")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


REVIEW_FIXTURE = Path(__file__).parent / "fixtures" / "review"


@pytest.fixture(scope="session")
def review_kb(tmp_path_factory) -> Path:
    """A knowledge base built once from tests/fixtures/review; tests copy it before writing."""
    from pipeline.cli import ingest_paths

    path = tmp_path_factory.mktemp("kb") / "kb.db"
    ingest_paths([REVIEW_FIXTURE], path)
    return path


@pytest.fixture
def store(review_kb: Path, tmp_path: Path):
    """A writable copy of the review knowledge base, opened as a Store."""
    from pipeline.storage import Store

    copy = tmp_path / "kb.db"
    copy.write_bytes(review_kb.read_bytes())
    with Store(copy) as opened:
        yield opened
