"""ruff and mypy run over the package with make test; their finding counts may only shrink.

The baseline (tests/lint_baseline.json) records the counts the code had when the gate came in;
a change that adds a finding fails here.  Lower the baseline when you mend some
(`python -m tests.test_lint --update` rewrites it, refusing to raise a count).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = Path(__file__).resolve().parent / "lint_baseline.json"
TOOLS = {
    "ruff": [sys.executable, "-m", "ruff", "check", "pipeline", "--output-format", "concise", "--no-cache"],
    "mypy": [sys.executable, "-m", "mypy", "pipeline", "--no-error-summary"],
}
FINDING = re.compile(r"^pipeline/\S+:\d+:", re.MULTILINE)


def findings(tool: str) -> int:
    result = subprocess.run(TOOLS[tool], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if "No module named" in result.stderr:
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    return len(FINDING.findall(result.stdout))


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_lint_findings_never_grow_beyond_the_baseline(tool: str):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))[tool]
    assert findings(tool) <= baseline, f"{tool} found more than the baseline's {baseline}: run it and mend the new ones"


if __name__ == "__main__" and "--update" in sys.argv:
    old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    new = {tool: findings(tool) for tool in TOOLS}
    if any(new[t] > old.get(t, new[t]) for t in new):
        sys.exit(f"refusing to raise the lint baseline: {old} -> {new}")
    BASELINE.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    print(new)
