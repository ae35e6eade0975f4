"""Officials: people named together with an office they hold."""

from __future__ import annotations

from ..records import Analysis, Official, RegionMention


def find_officials(analysis: Analysis, regions: list[RegionMention]) -> list[Official]:
    return []
