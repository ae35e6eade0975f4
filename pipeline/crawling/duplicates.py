"""Near duplicates: syndicated copies (one wire story on many sites) grouped with MinHash.

Signatures are kept in the near_duplicates table, so a copy is found across runs, not only within one.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from datasketch import MinHash, MinHashLSH


class NearDuplicates:
    """Every stored article's signature in an LSH index; a new article joins the group it resembles."""

    NUM_PERM = 128
    THRESHOLD = 0.6
    SHINGLE = 3
    SCHEME = "affine32"  # stored signatures are only comparable under the scheme that made them

    def __init__(self, db: Any) -> None:
        self.db = db
        self.lsh = MinHashLSH(threshold=self.THRESHOLD, num_perm=self.NUM_PERM)
        self.signatures: dict[str, MinHash] = {}
        self.groups: dict[str, str] = {}
        for article_id, group_id, blob in db.execute("SELECT article_id, group_id, minhash FROM near_duplicates"):
            stored = MinHash(num_perm=self.NUM_PERM, hashvalues=numpy.frombuffer(blob, dtype=numpy.uint32),
                             scheme=self.SCHEME)
            self._remember(article_id, group_id, stored)

    def _remember(self, article_id: str, group_id: str, signature: MinHash) -> None:
        if article_id in self.signatures:
            self.lsh.remove(article_id)
        self.lsh.insert(article_id, signature)
        self.signatures[article_id] = signature
        self.groups[article_id] = group_id

    def signature(self, text: str) -> MinHash:
        words = re.findall(r"\w+", text.casefold())
        shingles = {" ".join(words[i:i + self.SHINGLE]) for i in range(max(1, len(words) - self.SHINGLE + 1))}
        signature = MinHash(num_perm=self.NUM_PERM, scheme=self.SCHEME)
        signature.update_batch([s.encode("utf-8") for s in shingles])
        return signature

    def add(self, article_id: str, text: str) -> str | None:
        """File an article under its group; returns the group's first article if it joined one."""
        signature = self.signature(text)
        scored = [(signature.jaccard(self.signatures[other]), other)
                  for other in self.lsh.query(signature) if other != article_id]
        similarity, match = max(scored) if scored else (1.0, None)
        group_id = self.groups[match] if match else article_id
        with self.db.conn:
            self.db["near_duplicates"].upsert(
                {"article_id": article_id, "group_id": group_id, "similarity": round(similarity, 3),
                 "minhash": signature.hashvalues.astype("uint32").tobytes()}, pk="article_id")
        self._remember(article_id, group_id, signature)
        return group_id if match else None
