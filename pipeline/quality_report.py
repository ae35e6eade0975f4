"""The README's quality table, generated from `warta evaluate` (`make quality`), never typed.

Scores every gold set that is present (the shipped held-out sets, and ../shared's dev sets beside a
checkout) and writes one table between the README's `<!-- quality:begin -->` and
`<!-- quality:end -->` markers: F1 per fact type per set, then the accuracy of the numbers' class
(status, kind, subject) and region over matched pairs.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from .evaluation import CLASS_ATTRIBUTES, FACT_TYPES, Report, evaluate

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
GOLD_SETS = {
    "dev": SHARED / "dev.jsonl",
    "dev2": SHARED / "dev2.jsonl",
    "offdomain": ROOT / "tests" / "fixtures" / "offdomain" / "articles.jsonl",
    "heldout_final": ROOT / "tests" / "fixtures" / "heldout_final" / "articles.jsonl",
    "heldout_blind": ROOT / "tests" / "fixtures" / "heldout_blind" / "articles.jsonl",
    "heldout_blind2": ROOT / "tests" / "fixtures" / "heldout_blind2" / "articles.jsonl",
    "heldout_blind3": ROOT / "tests" / "fixtures" / "heldout_blind3" / "articles.jsonl",
}
BLOCK = re.compile(r"(<!-- quality:begin -->\n).*?(<!-- quality:end -->)", re.DOTALL)


def _score(gold: Path) -> tuple[int, Report]:
    from .extraction import annotate_rows
    from .loading import read_jsonl

    rows = read_jsonl(str(gold))
    return len(rows), evaluate(rows, annotate_rows(rows))


def table(reports: dict[str, tuple[int, Report]]) -> str:
    names = list(reports)
    lines = [f"| F1 | {' | '.join(f'{n} ({reports[n][0]})' for n in names)} |", "|---|" + "---:|" * len(names)]
    for fact in [*FACT_TYPES, "micro"]:
        scores = [r.micro if fact == "micro" else r.per_type[fact] for _, r in reports.values()]
        lines.append(f"| {fact} | " + " | ".join(f"{s.f1:.3f}" for s in scores) + " |")
    for label, attributes in (("class accuracy", CLASS_ATTRIBUTES), ("region accuracy", ("region",))):
        values = [r.micro.accuracy(*attributes) for _, r in reports.values()]
        lines.append(f"| {label} | " + " | ".join("" if v is None else f"{v:.2f}" for v in values) + " |")
    return "\n".join(lines)


def main(readme: Path) -> None:
    reports = {name: _score(path) for name, path in GOLD_SETS.items() if path.exists()}
    block = (f"Measured {date.today().isoformat()} by `make quality` (articles per set in brackets; micro excludes "
             f"officials_full; accuracies over matched numbers):\n\n{table(reports)}\n")
    text = readme.read_text(encoding="utf-8")
    readme.write_text(BLOCK.sub(lambda m: m.group(1) + block + m.group(2), text), encoding="utf-8")
    print(table(reports))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "README.md")
