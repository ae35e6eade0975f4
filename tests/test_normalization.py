"""Normalization of names, positions and organizations to the forms of ANNOTATION.md."""

import pytest

from pipeline import normalization as norm
from pipeline.gazetteer import region_by_code


@pytest.mark.parametrize("raw, name", [
    ("dr Fahmi Fadli", "Fahmi Fadli"),
    ("H Siswansyah", "Siswansyah"),
    ("Hj. Dyah Kartika Permanasari", "Dyah Kartika Permanasari"),
    ("Dr. Ir. Sanco Simanullang", "Sanco Simanullang"),
    ("HM Haerul Warisin", "Haerul Warisin"),
    ("HM. Yunus", "M Yunus"),
    ("Hj. St. Rahmawati Arsyad", "St. Rahmawati Arsyad"),
    ("Prof. Dr. Agus Salim", "Agus Salim"),
])
def test_honorifics_before_a_name_are_dropped(raw, name):
    assert norm.clean_name(raw) == name


@pytest.mark.parametrize("raw, name", [
    ("Tarmizi SP, MM", "Tarmizi"),
    ("Said Fadhel, S.H", "Said Fadhel"),
    ("Okmal, M.Si", "Okmal"),
    ("Usin Sembiring SH", "Usin Sembiring"),
    ("Rina Wati, S.Sos., M.AP", "Rina Wati"),
])
def test_degrees_after_a_name_are_dropped(raw, name):
    assert norm.clean_name(raw) == name


def test_initial_loses_its_dot():
    assert norm.clean_name("Otto P. Wanggai") == "Otto P Wanggai"


def test_name_casing_is_kept():
    assert norm.clean_name("Ni Luh Ketut Wardani") == "Ni Luh Ketut Wardani"


@pytest.mark.parametrize("alias", ["BPJAMSOSTEK", "BPJamsostek", "BPJS TK", "BP Jamsostek", "Jamsostek"])
def test_bpjs_aliases_are_bpjs_ketenagakerjaan(alias):
    assert norm.organizations()[norm.phrase_key(alias)].name == "BPJS Ketenagakerjaan"


def test_pemkab_is_the_regency_government_kind():
    assert norm.organizations()[norm.phrase_key("Pemkab")] == norm.Organization("Pemerintah Kabupaten", "regional")


def test_government_of_a_regency_is_pemerintah_kabupaten():
    assert norm.government_of(region_by_code("6301")) == "Pemerintah Kabupaten Tanah Laut"


@pytest.mark.parametrize("alias, position", [
    ("Wabup", "Wakil Bupati"), ("Wawali", "Wakil Wali Kota"), ("Sekda", "Sekretaris Daerah"),
    ("Kakanwil", "Kepala Kantor Wilayah"), ("Kadisnakertrans", "Kepala Dinas Tenaga Kerja dan Transmigrasi"),
    ("Walikota", "Wali Kota"),
])
def test_position_abbreviations_expand(alias, position):
    assert norm.positions()[norm.phrase_key(alias)].position == position


def test_phrase_key_ignores_case_spaces_and_dots():
    assert norm.phrase_key("Wali Kota") == norm.phrase_key("walikota") == norm.phrase_key("WALI-KOTA.")


@pytest.mark.parametrize("raw, name", [
    ("AKBP Doni Hadi Santoso", "Doni Hadi Santoso"),
    ("Kombes Pol. Adam Erwindi", "Adam Erwindi"),
    ("Irjen Pol Rosyanto Yudha", "Rosyanto Yudha"),
    ("Letjen TNI (Purn) Budi Prasetyo", "Budi Prasetyo"),
    ("Kolonel Laut (P) Frans Lumenta", "Frans Lumenta"),
    ("Iptu Ahmad Fauzi", "Ahmad Fauzi"),
    ("Gus Fadli Rahman", "Fadli Rahman"),
    ("Prof. Dr. (H.C.) K.H. Ahmad Basri", "Ahmad Basri"),
])
def test_ranks_and_religious_titles_are_dropped_like_honorifics(raw, name):
    assert norm.clean_name(raw) == name


@pytest.mark.parametrize("raw, name", [
    ("Andi Rahmat Hidayat", "Andi Rahmat Hidayat"),
    ("Lalu Muhammad Iqbal", "Lalu Muhammad Iqbal"),
    ("M. Yusuf Hidayat", "M Yusuf Hidayat"),
    ("Samsul Bahri Tuanany, M.Eng", "Samsul Bahri Tuanany"),
    ("dr. Siti Aisyah, Sp.OG", "Siti Aisyah"),
])
def test_name_particles_and_initials_stay_and_more_degrees_go(raw, name):
    assert norm.clean_name(raw) == name


@pytest.mark.parametrize("word, honorific", [("(P)", True), ("P", False), ("Andi", False), ("K.H.", True)])
def test_a_bracketed_corps_letter_is_an_honorific_but_an_initial_is_not(word, honorific):
    assert norm.is_honorific(word) is honorific


def test_office_abbreviations_are_spelled_out():
    assert norm.office_abbreviations()["Intel"] == "Intelijen"
    assert norm.office_abbreviations()["Reskrim"] == "Reserse Kriminal"
