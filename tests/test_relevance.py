"""Relevance: rules take percentages, schemes and resident counts only where social security is spoken of."""

import pytest

from pipeline.nlp import analyse
from pipeline.rules.quantities import find_percentages, find_worker_counts
from pipeline.rules.relevance import about_social_security, speaks_of_social_security

OFF_DOMAIN_LEAD = "Pemkab Gowa menargetkan prevalensi stunting turun tahun ini, kata Kepala Dinas Kesehatan."


@pytest.mark.parametrize("sentence, expected", [
    ("Sebanyak 500 nelayan sudah terdaftar sebagai peserta BPJS Ketenagakerjaan.", True),
    ("Iuran jaminan kecelakaan kerja dibayar dari APBD.", True),
    ("Jalan provinsi sepanjang 12 kilometer rusak berat akibat banjir.", False),
    ("Prevalensi stunting di daerah itu turun menjadi 14 persen.", False),
])
def test_a_sentence_speaks_of_social_security_by_its_words(sentence: str, expected: bool):
    assert speaks_of_social_security(analyse(sentence, None, None), 0, 0) is expected


def test_an_article_whose_lead_names_social_security_is_about_it():
    assert about_social_security(analyse("BPJS Ketenagakerjaan melindungi 500 nelayan di Bima.", None, None))
    assert not about_social_security(analyse(OFF_DOMAIN_LEAD, None, None))


def test_a_percentage_in_news_outside_social_security_is_not_a_fact():
    text = OFF_DOMAIN_LEAD + "\nAngka stunting di dua kecamatan masih di atas 30 persen, ujarnya."
    assert find_percentages(analyse(text, None, None)) == []


def test_a_coverage_share_in_a_mixed_article_counts_in_its_own_sentence():
    text = OFF_DOMAIN_LEAD + "\nBaru 40 persen kader posyandu yang terdaftar BPJS Ketenagakerjaan, ujarnya."
    assert [p.value for p in find_percentages(analyse(text, None, None))] == [40.0]


def test_a_health_insurance_share_in_news_outside_social_security_is_a_fact():
    text = OFF_DOMAIN_LEAD + "\nSebanyak 98 persen penduduk kota itu sudah terdaftar sebagai peserta JKN, ujarnya."
    assert [(p.value, p.subject) for p in find_percentages(analyse(text, None, None))] == [(98.0, "other")]


@pytest.mark.parametrize("sentence, subjects", [
    ("Cakupan kepesertaan Jaminan Kesehatan Nasional (JKN) di provinsi itu mencapai 98,7 persen.", {98.7: "other"}),
    ("Peserta JKN di kota itu sudah 95 persen, sedangkan kepesertaan BPJS Ketenagakerjaan baru 30 persen dari pekerja.",
     {95.0: "other", 30.0: "coverage"}),
    ("Cakupan perlindungan ketenagakerjaan di kabupaten itu baru 22 persen, jauh di bawah jaminan kesehatan "
     "yang sudah 97 persen.", {22.0: "coverage", 97.0: "other"}),
])
def test_a_share_of_health_insurance_members_is_other_and_of_labour_scheme_members_coverage(sentence, subjects):
    found = find_percentages(analyse(OFF_DOMAIN_LEAD + "\n" + sentence, None, None))
    assert {p.value: p.subject for p in found} == subjects


def test_recipients_of_other_aid_are_not_workers_outside_social_security_news():
    text = OFF_DOMAIN_LEAD + "\nBupati menyerahkan bantuan benih jagung bagi 8.400 petani di daerah rawan kekeringan."
    assert find_worker_counts(analyse(text, None, None)) == []


def test_people_paid_a_benefit_in_social_security_news_stay_counts():
    text = ("BPJS Ketenagakerjaan Cabang Kuala Tungkal mencatat kenaikan peserta.\n"
            "Manfaat yang telah disalurkan mencapai Rp 10 miliar kepada 1.085 penerima manfaat.")
    assert [c.value for c in find_worker_counts(analyse(text, None, None))] == [1085]


def test_residents_counted_in_a_flood_are_not_workers():
    text = "Banjir merendam Samarinda.\nSebanyak 2.340 warga mengungsi ke posko terdekat, kata Kepala BPBD."
    assert find_worker_counts(analyse(text, None, None)) == []
