"""No extractor in pipeline.rules may raise, whatever text it is given."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.nlp import analyse
from pipeline.rules import extract_facts

FRAGMENTS = st.sampled_from([
    "Rp", "Rp.", "1.5", "32.268", "1,4 juta", "dua puluh", "puluh", "ribu", "Senin", "(7/6)", "(31/2/2021)",
    "(0/0)", "Kamis (29/2)", "persen", "%", "program", "Program", "Gerakan", "“", "”", "(", ")", "JP", "JKK",
    "pekerja", "orang", "belum terdaftar", "dari", ",-", "-", "/", "\n", " ", "APBD", "12 Januari 2026",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, published=st.one_of(st.none(), st.sampled_from(["2024-02-29", "2021-01-01", "bukan tanggal"])))
def test_extract_facts_never_raises(text, published):
    extract_facts(analyse(text, published, None))
