"""warta: mine Indonesian regional news into a SQLite knowledge base."""
from datetime import UTC

__version__ = "0.1.0"


def now_iso() -> str:
    """The current UTC time as an ISO string to the second: the one timestamp format of the base."""
    from datetime import datetime, timezone

    return datetime.now(UTC).replace(microsecond=0).isoformat()
