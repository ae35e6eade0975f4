"""The quality gate: extraction must not fall below the floors pinned in tests/quality_floors.json.

As trafilatura's CI does with its evaluation, every gold set is scored by `warta evaluate --floors`;
a drop of any fact type's F1 or any attribute accuracy below its floor fails `make test`.
Re-pin after an improvement with `warta evaluate --gold G --floors tests/quality_floors.json --pin`.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import quality_gate
from pipeline.cli import cli
from pipeline.evaluation import evaluate
from pipeline.quality_report import GOLD_SETS

FLOORS = Path(__file__).resolve().parent / "quality_floors.json"


@pytest.mark.shared
@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_extraction_meets_the_pinned_floors(gold_set: str):
    gold = GOLD_SETS[gold_set]
    if not gold.exists():
        pytest.skip(f"{gold} is absent (a user's clone has no ../shared)")
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--floors", str(FLOORS), "--set", gold_set,
                                      "--json"])
    assert result.exit_code == 0, result.output[-2000:]


def test_every_gold_set_has_floors_for_every_fact_type():
    floors = quality_gate.read_floors(FLOORS)
    assert set(floors) == set(GOLD_SETS)
    for gold_set, measures in floors.items():
        assert {"officials.f1", "worker_counts.region", "budgets.kind", "percentages.subject", "micro.f1"} <= set(
            measures), gold_set


def _report(budget_kind: str):
    gold = [{"id": "a", "facts": {"budgets": [{"amount_idr": 10**9, "kind": "budget", "region": None}]}}]
    return evaluate(gold, {"a": {"budgets": [{"amount_idr": 10**9, "kind": budget_kind, "region": None}]}})


def test_a_figure_below_its_floor_is_reported_as_a_drop():
    assert quality_gate.drops(_report("other"), {"budgets.kind": 1.0, "budgets.f1": 1.0}) == [
        "budgets.kind 0.000 < floor 1.000"]


def test_pinning_raises_floors_but_never_lowers_them_unasked(tmp_path: Path):
    floors = tmp_path / "floors.json"
    assert quality_gate.pin(floors, "s", _report("budget"))["budgets.kind"] == 1.0
    with pytest.raises(quality_gate.FloorLowered, match="budgets.kind 1.000 -> 0.000"):
        quality_gate.pin(floors, "s", _report("other"))
    assert quality_gate.read_floors(floors)["s"]["budgets.kind"] == 1.0
    assert quality_gate.pin(floors, "s", _report("other"), allow_lower=True)["budgets.kind"] == 0.0
