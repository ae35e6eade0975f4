"""Event date: the day the reported event took place."""

from __future__ import annotations

from ..records import Analysis, EventDate


def find_event_date(analysis: Analysis) -> EventDate | None:
    return None
