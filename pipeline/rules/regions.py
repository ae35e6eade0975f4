"""Regions: provinces, regencies and cities named in the text, resolved to canonical names."""

from __future__ import annotations

from ..records import Analysis, RegionMention


def find_regions(analysis: Analysis) -> list[RegionMention]:
    return []
