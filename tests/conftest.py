"""Shared test set-up: where ../shared is, and a skip marker for tests that need it."""

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
