"""Programs: national social-security programs, movements, awards and regional schemes."""

from __future__ import annotations

from ..records import Analysis, ProgramMention


def find_programs(analysis: Analysis) -> list[ProgramMention]:
    return []
