"""The docs keep up with the code: every command documented and helpful, every lexicon indexed."""

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
LEXICON_DOC = (ROOT / "docs" / "lexicons.md").read_text(encoding="utf-8")
RESOURCES = sorted(p for p in (ROOT / "pipeline" / "resources").iterdir() if p.is_file() and p.suffix != ".py")


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", commands(), ids=" ".join)
def test_every_command_is_documented(command: tuple[str, ...]):
    assert f"`warta {' '.join(command)}`" in CLI_DOC


@pytest.mark.parametrize("command", commands(), ids=" ".join)
def test_every_command_explains_itself(command: tuple[str, ...]):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.split("\n\n", 2)[1].strip()) > 20  # a sentence, not just the usage line


def test_the_cli_doc_names_no_command_that_does_not_exist():
    documented = set(re.findall(r"`warta ([a-z -]+)`", CLI_DOC))
    assert documented <= {" ".join(c) for c in commands()}


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda p: p.name)
def test_every_lexicon_is_indexed_with_the_modules_that_read_it(resource: Path):
    row = next((line for line in LEXICON_DOC.splitlines() if line.startswith(f"| `{resource.name}`")), None)
    assert row, f"{resource.name} is missing from docs/lexicons.md"
    readers = [cell.strip() for cell in row.split("|")[2].split(",") if cell.strip()]
    assert readers and all(resource.name in (ROOT / "pipeline" / r).read_text(encoding="utf-8") for r in readers)
