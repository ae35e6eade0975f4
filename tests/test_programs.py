"""National programs by alias and regional schemes by name."""

import pytest

from pipeline.nlp import analyse
from pipeline.rules.programs import find_programs


def names(text: str) -> list[str]:
    return [p.name for p in find_programs(analyse(text, None, None))]


def test_acronyms_map_to_canonical_names():
    assert names("Peserta mendapat JKK dan JKm sejak bulan lalu.") == ["Jaminan Kecelakaan Kerja", "Jaminan Kematian"]


def test_full_name_in_lowercase_counts():
    assert names("Mereka terlindungi jaminan hari tua.") == ["Jaminan Hari Tua"]


def test_full_name_with_acronym_is_one_program():
    assert names("Manfaat Jaminan Kehilangan Pekerjaan (JKP) cair.") == ["Jaminan Kehilangan Pekerjaan"]


def test_lowercase_acronym_is_not_a_program():
    assert names("Kami menjual jkk bekas.") == []


def test_jp_counts_only_inside_a_list_of_program_acronyms():
    assert "Jaminan Pensiun" in names("Manfaat yang dibayar meliputi JHT, JKM, JP dan beasiswa.")
    assert names("Ia datang bersama JP, kawannya.") == []


def test_movement_long_name_is_gn_lingkaran():
    assert names("Bank itu mendukung Gerakan Nasional Peduli Perlindungan Pekerja Rentan.") == ["GN Lingkaran"]


def test_paritrana_alone_is_the_award():
    assert names("Kabupaten itu meraih penghargaan Paritrana tingkat provinsi.") == ["Paritrana Award"]


@pytest.mark.parametrize("sentence", [
    "Pemerintah Aceh kembali meraih penghargaan Universal Health Coverage (UHC) Award tahun ini.",
    "Kota Surabaya meraih UHC Award dari BPJS Kesehatan.",
])
def test_the_uhc_award_is_an_award_program(sentence):
    assert names(sentence) == ["UHC Award"]


def test_the_uhc_status_itself_is_no_award():
    assert names("Pemkab Gorontalo mempertahankan status Universal Health Coverage (UHC) tahun ini.") == []


def test_capitalised_scheme_after_program_is_kept_as_written():
    assert names("Pemkab meluncurkan program inovatif Sayang Nelayan tahun ini untuk jaminan sosial nelayan.") == ["Sayang Nelayan"]


def test_uppercase_scheme_name_after_lewat_program():
    assert names("Pemprov melindungi petani lewat program TANGGUH dengan BPJS Ketenagakerjaan.") == ["TANGGUH"]


def test_bracketed_acronym_names_a_generic_program():
    assert names("Sosialisasi Program Jaminan Sosial Ketenagakerjaan (SEJATI) digelar.") == ["SEJATI"]


def test_quoted_scheme_takes_its_short_name():
    assert names("Ia memperkenalkan program “Bersama Lindungi Pekerja Desa” (Balinda) kepada warga peserta BPJS Ketenagakerjaan.") == ["Balinda"]


def test_gerakan_keeps_its_cue_word():
    assert names("Bupati menggerakkan Gerakan Guru Peduli Nelayan di sekolah agar nelayan punya jaminan sosial.") == ["Gerakan Guru Peduli Nelayan"]


def test_generic_program_description_is_not_a_scheme():
    assert names("Program Perlindungan Pekerja Rentan Tahun 2024 diluncurkan.") == []


@pytest.mark.parametrize("text, programs", [
    # a title-case description for its beneficiaries is no name; a scheme named for them is
    ("Perbup itu mengatur Pedoman Program Jaminan Sosial Ketenagakerjaan Bagi Petani Garam.", []),
    ("Pemkab meluncurkan program Lindungi Petani Bagi Buruh Tani agar terlindungi BPJS Ketenagakerjaan.",
     ["Lindungi Petani Bagi Buruh Tani"]),
    # the fund a scheme is paid from is no scheme
    ("Iuran BPJS Ketenagakerjaan 400 nelayan dibayar dari skema APBD Pulang Pisau.", []),
])
def test_a_name_after_a_cue_is_a_scheme_only_by_its_own_words(text: str, programs: list[str]):
    assert names(text) == programs


def test_assistance_mechanism_acronym_is_not_a_scheme():
    assert names("Mereka masuk Program Bantuan Iuran (PBI) daerah.") == []


def test_presidential_instruction_is_not_a_program():
    assert names("Hal itu sesuai Inpres Nomor 2 Tahun 2021 tentang optimalisasi.") == []


def test_shouting_caption_label_is_not_a_cue():
    assert names("PROGRAM UNGGULAN: Bupati menyerahkan kartu peserta.") == []


def test_scheme_after_yang_diberi_nama_is_kept():
    assert names("Pemkab meluncurkan program yang diberi nama Tuntas Sejahtera untuk perlindungan pekerja nelayan.") == ["Tuntas Sejahtera"]


def test_scheme_after_bertajuk_is_kept_even_if_made_of_generic_words():
    assert names("Iuran ditanggung APBD. Ada pula program bertajuk Perlindungan Pekerja Desa yang digagas dinas.") == ["Perlindungan Pekerja Desa"]


def test_quoted_scheme_after_describing_words_and_bernama():
    assert names("Pemkot menggagas program perlindungan bernama \"Sahabat Buruh\" bagi pekerja rentan.") == ["Sahabat Buruh"]


def test_scheme_after_skema_is_kept():
    assert names("Iuran dibayar lewat skema Lindungi Tani Maju dari APBD.") == ["Lindungi Tani Maju"]


def test_acronym_with_nya_clitic_is_the_program():
    assert names("Iuran JHT-nya sudah dibayar.") == ["Jaminan Hari Tua"]


def test_scheme_named_by_diberi_nama_after_many_describing_words():
    text = "Pemprov menyiapkan program perlindungan untuk buruh tani di pedesaan itu diberi nama Tani Aman dengan iuran APBD."
    assert names(text) == ["Tani Aman"]


def test_terobosan_introduces_a_scheme_only_with_a_naming_phrase():
    assert names("Pemkot menyiapkan terobosan yang diberi nama Nelayan Tangguh bagi pekerja rentan.") == ["Nelayan Tangguh"]
    assert names("Ini terobosan Pemkot untuk nelayan.") == []


def test_a_named_programme_outside_social_security_is_not_a_program():
    assert names("Pemkab menyiapkan dapur untuk program Makan Bergizi Gratis di sekolah.") == []
    assert names("Warga miskin menerima bantuan lewat program Sembako Murah dari dinas sosial.") == []


@pytest.mark.parametrize("sentence", [
    "Bantuan program Keluarga Harapan dan BLT Dana Desa disalurkan bersama perlindungan BPJS Ketenagakerjaan.",
    "Selain BPJS Ketenagakerjaan, pemkab menjalankan program Makan Bergizi Gratis di sekolah.",
    "Peserta BPJS Ketenagakerjaan juga menerima program Indonesia Pintar untuk anaknya.",
])
def test_another_ministrys_programme_is_no_program_even_in_a_social_security_story(sentence):
    assert names(sentence) == []


def test_a_scheme_name_stops_before_a_place_or_a_law_joined_to_it():
    assert names("Pemkab melindungi pekerja rentan melalui program Sehat Bekerja di Kabupaten Sumba Barat.") == [
        "Sehat Bekerja"]
    assert names("Iuran pekerja rentan dibayar melalui program Kerja Aman dan Instruksi Presiden tahun lalu.") == [
        "Kerja Aman"]


def test_a_scheme_cut_short_later_in_the_article_counts_once_in_full():
    text = ("Pemkab melindungi pekerja rentan lewat program Tani Terlindungi Sejahtera tahun ini.\n"
            "Program Tani Terlindungi singkatan dari nama dinas itu, kata Bupati.")
    assert names(text) == ["Tani Terlindungi Sejahtera"]


def test_pension_programme_written_plainly_is_jaminan_pensiun():
    assert names("Perlindungan itu meliputi program pensiun dan jaminan hari tua.") == ["Jaminan Pensiun", "Jaminan Hari Tua"]
