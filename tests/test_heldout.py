"""The held-out sets (tests/fixtures/heldout*) run through extraction and evaluation end to end.

Quality on them is measured, not asserted: the figures live in each set's README.md.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluation import FACT_TYPES

HELDOUT_SETS = sorted((Path(__file__).resolve().parent / "fixtures").glob("heldout*/articles.jsonl"))


def test_every_heldout_set_is_found():
    assert [path.parent.name for path in HELDOUT_SETS] == ["heldout"] + [f"heldout{n}" for n in range(2, 7)] + [
        "heldout_blind", "heldout_blind2", "heldout_blind3", "heldout_final"]


@pytest.mark.parametrize("gold", HELDOUT_SETS, ids=[path.parent.name for path in HELDOUT_SETS])
def test_evaluate_scores_every_article_of_a_heldout_set(gold: Path):
    ids = [json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == len(ids) == len(set(ids))
    assert report["missing_predictions"] == []
    assert set(report["per_type"]) == set(FACT_TYPES)
