"""Worker counts, budgets and percentages: numbers with their noun and context."""

from __future__ import annotations

from ..records import Analysis, Budget, Percentage, WorkerCount


def find_worker_counts(analysis: Analysis) -> list[WorkerCount]:
    return []


def find_budgets(analysis: Analysis) -> list[Budget]:
    return []


def find_percentages(analysis: Analysis) -> list[Percentage]:
    return []
