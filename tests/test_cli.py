"""The CLI contract that other tools and checks depend on."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import DEV_GOLD, needs_shared

ARTICLE = {
    "id": "contoh-1",
    "published": "2024-05-02",
    "text": "Kendari - Pemerintah Kota Kendari menanggung iuran 2.000 pekerja rentan sebagai peserta "
    "BPJS Ketenagakerjaan. Program Jaminan Kecelakaan Kerja dan Jaminan Kematian berlaku mulai Senin (6/5/2024).",
}


@pytest.mark.parametrize("command", [[], ["run"], ["ingest"], ["extract"], ["evaluate"]])
def test_every_command_explains_itself(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_extract_reads_stdin_and_writes_annotation_shaped_facts():
    result = CliRunner().invoke(cli, ["extract", "--input", "-", "--output", "-"], input=json.dumps(ARTICLE) + "\n")
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert line["id"] == "contoh-1"
    assert set(line["facts"]) == {"officials", "regions", "worker_counts", "budgets", "programs",
                                  "percentages", "event_date"}


def test_evaluate_scores_a_prediction_file_as_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"id": "a", "facts": {"programs": ["Jaminan Hari Tua"]}}) + "\n")
    pred.write_text(json.dumps({"id": "a", "facts": {"programs": ["Jaminan Hari Tua", "Jaminan Pensiun"]}}) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["per_type"]["programs"]["precision"] == 0.5


def test_a_missing_gold_file_is_a_usage_error():
    result = CliRunner().invoke(cli, ["evaluate", "--gold", "/no/such/file.jsonl"])
    assert result.exit_code == 2


@needs_shared
def test_evaluate_runs_extraction_on_the_dev_set():
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(DEV_GOLD), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["articles"] == 36
    assert report["missing_predictions"] == []
