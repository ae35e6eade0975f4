"""Quality gate: floors pinned from `warta evaluate`, which a change must not fall below.

The floors file (`tests/quality_floors.json`) holds, per gold set, the F1 of every fact type and of
the micro average, and the accuracy of every reported attribute (status, kind, subject, region),
as last pinned.  `warta evaluate --floors FILE` fails when a measure drops below its floor;
`--pin` raises the floors to the measured figures and refuses to lower one unless `--allow-lower`
says so explicitly.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from .evaluation import FACT_TYPES, Report

PRECISION = 3  # floors are kept to three decimals, rounded down


class FloorLowered(ValueError):
    """Pinning would lower a floor, and lowering was not asked for."""


def measures(report: Report) -> dict[str, float]:
    """Every gated figure of a report: `<type>.f1`, `micro.f1`, `<type>.<attribute>`."""
    found: dict[str, float] = {}
    for name in FACT_TYPES:
        score = report.per_type[name]
        found[f"{name}.f1"] = score.f1
        for attribute in score.attributes:
            accuracy = score.accuracy(attribute)
            if accuracy is not None:
                found[f"{name}.{attribute}"] = accuracy
    found["micro.f1"] = report.micro.f1
    return found


def read_floors(path: Path) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def drops(report: Report, floors: dict[str, float]) -> list[str]:
    """One line per measure below its floor (a measure that vanished counts as 0)."""
    measured = measures(report)
    return [f"{name} {measured.get(name, 0.0):.3f} < floor {floor:.3f}"
            for name, floor in sorted(floors.items()) if measured.get(name, 0.0) < floor]


def pin(path: Path, gold_set: str, report: Report, allow_lower: bool = False) -> dict[str, float]:
    """Write the measured figures as the set's floors; returns the new floors."""
    all_floors = read_floors(path)
    old = all_floors.get(gold_set, {})
    new = {name: math.floor(value * 10**PRECISION) / 10**PRECISION for name, value in measures(report).items()}
    lowered = [f"{name} {old[name]:.3f} -> {value:.3f}" for name, value in sorted(new.items())
               if name in old and value < old[name]]
    if lowered and not allow_lower:
        raise FloorLowered("pinning would lower floors (use --allow-lower): " + ", ".join(lowered))
    all_floors[gold_set] = new
    path.write_text(json.dumps(all_floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return new
