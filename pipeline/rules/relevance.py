"""Relevance: whether a stretch of text speaks of labour social security.

Used where a rule would otherwise take anything of the right shape (`resources/social_security_words.txt`):
a capitalised name after "program" is a social-security scheme only where its sentence, or one of
the two before it, names social security; a percentage is a fact only in an article about social
security or where its own sentence names it or the national health insurance
(`resources/health_insurance_words.txt`; stunting rates, turnout and budget realisation are not); and
residents counted as people (`warga`, `penduduk`, `jiwa`) are a worker count only where their sentence does.
"""

from __future__ import annotations

from .. import lexicons
from ..records import Analysis

CONTEXT_SENTENCES = 2
LEAD_SENTENCES = 2  # an article whose lead names social security is about it throughout,
LEAD_CHARACTERS = 600  # the lead being its first sentences, or its first characters after page furniture


def speaks_of_social_security(analysis: Analysis, offset: int, sentences_before: int = CONTEXT_SENTENCES) -> bool:
    """The sentence holding `offset`, or one of the sentences before it, names labour social security."""
    return _names(analysis, "social_security_words.txt", offset, sentences_before)


def speaks_of_health_insurance(analysis: Analysis, offset: int) -> bool:
    """The sentence holding `offset` names the national health insurance (JKN, BPJS Kesehatan)."""
    return _names(analysis, "health_insurance_words.txt", offset, 0)


def _names(analysis: Analysis, word_list: str, offset: int, sentences_before: int) -> bool:
    """A word of `word_list` stands in the sentence holding `offset` or in the `sentences_before` before it."""
    index = analysis.sentence_of(offset)
    start = analysis.sentences[max(0, index - sentences_before)][0] if analysis.sentences else 0
    end = analysis.sentences[index][1] if analysis.sentences else len(analysis.text)
    return bool(lexicons.phrases_pattern(word_list).search(analysis.text, start, end))


def about_social_security(analysis: Analysis) -> bool:
    """The whole article is about labour social security: its lead already names it."""
    if not analysis.sentences:
        return False
    lead_end = max(analysis.sentences[min(LEAD_SENTENCES, len(analysis.sentences)) - 1][1], LEAD_CHARACTERS)
    return bool(lexicons.phrases_pattern("social_security_words.txt").search(analysis.text, 0, lead_end))
