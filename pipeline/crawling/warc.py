"""Raw responses kept as a gzipped WARC file, so a crawl can be re-processed with `warta ingest`.

Only whole responses are kept: a failed fetch is not written, and each record is serialized first
and appended in one write, so a killed crawl leaves at most its last record cut short, which
`warta ingest` (pipeline/loading.py) recognizes and skips.
"""

from __future__ import annotations

import threading
from io import BytesIO
from pathlib import Path

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .fetching import Fetched

# httpx has already decoded and de-chunked the body, so these headers would misdescribe it
DROPPED_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


class WarcSink:
    """One WARC file per run, written to by every fetch thread."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._stream = path.open("ab")
        self._lock = threading.Lock()

    def write(self, result: Fetched) -> None:
        """Append one response (with its payload digest); a failed fetch is not a response to keep."""
        if result.status is None or result.error:
            return
        headers = [(k, v) for k, v in result.headers.items() if k not in DROPPED_HEADERS]
        http = StatusAndHeaders(f"{result.status} {httpx.codes.get_reason_phrase(result.status)}",
                                headers, protocol=result.http_version)
        serialized = BytesIO()
        writer = WARCWriter(serialized, gzip=True)
        writer.write_record(writer.create_warc_record(result.final_url, "response", payload=BytesIO(result.body),
                                                      http_headers=http))
        with self._lock:
            self._stream.write(serialized.getvalue())
            self._stream.flush()

    def close(self) -> None:
        self._stream.close()
