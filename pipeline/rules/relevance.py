"""Relevance: whether a stretch of text speaks of labour social security.

Used where a rule would otherwise take anything of the right shape: a capitalised name after
"program" is a social-security scheme only where its sentence, or one of the two before it, names
social security (`resources/social_security_words.txt`).
"""

from __future__ import annotations

from .. import lexicons
from ..records import Analysis

CONTEXT_SENTENCES = 2


def speaks_of_social_security(analysis: Analysis, offset: int) -> bool:
    """The sentence holding `offset`, or one of the two before it, names labour social security."""
    index = analysis.sentence_of(offset)
    start = analysis.sentences[max(0, index - CONTEXT_SENTENCES)][0] if analysis.sentences else 0
    end = analysis.sentences[index][1] if analysis.sentences else len(analysis.text)
    return bool(lexicons.phrases_pattern("social_security_words.txt").search(analysis.text, start, end))
