"""The held-out sets (tests/fixtures/heldout, heldout2, heldout3, heldout4, heldout5) run through extraction and evaluation end to end.

Quality on them is measured, not asserted: the figures live in each set's README.md.
"""

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluation import FACT_TYPES

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout" / "articles.jsonl"
HELDOUT2 = Path(__file__).resolve().parent / "fixtures" / "heldout2" / "articles.jsonl"
HELDOUT3 = Path(__file__).resolve().parent / "fixtures" / "heldout3" / "articles.jsonl"
HELDOUT4 = Path(__file__).resolve().parent / "fixtures" / "heldout4" / "articles.jsonl"
HELDOUT5 = Path(__file__).resolve().parent / "fixtures" / "heldout5" / "articles.jsonl"


def test_evaluate_scores_every_heldout_article():
    ids = [json.loads(line)["id"] for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(HELDOUT), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == len(ids) == len(set(ids))
    assert report["missing_predictions"] == []
    assert set(report["per_type"]) == set(FACT_TYPES)


def test_evaluate_scores_every_article_of_the_second_heldout_set():
    ids = [json.loads(line)["id"] for line in HELDOUT2.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(HELDOUT2), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == len(ids) == len(set(ids))
    assert report["missing_predictions"] == []
    assert set(report["per_type"]) == set(FACT_TYPES)


def test_evaluate_scores_every_article_of_the_third_heldout_set():
    ids = [json.loads(line)["id"] for line in HELDOUT3.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(HELDOUT3), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == len(ids) == len(set(ids))
    assert report["missing_predictions"] == []
    assert set(report["per_type"]) == set(FACT_TYPES)


def test_evaluate_scores_every_article_of_the_fourth_heldout_set():
    ids = [json.loads(line)["id"] for line in HELDOUT4.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(HELDOUT4), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == len(ids) == len(set(ids))
    assert report["missing_predictions"] == []
    assert set(report["per_type"]) == set(FACT_TYPES)


def test_evaluate_scores_every_article_of_the_fifth_heldout_set():
    ids = [json.loads(line)["id"] for line in HELDOUT5.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(HELDOUT5), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == len(ids) == len(set(ids))
    assert report["missing_predictions"] == []
    assert set(report["per_type"]) == set(FACT_TYPES)
