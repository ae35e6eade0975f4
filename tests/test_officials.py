"""The officials rule on hand-written sentences: office phrases, names, bodies and their regions."""

from pathlib import Path

import pytest

from pipeline.records import Analysis, Span
from pipeline.rules.officials import find_officials
from pipeline.rules.regions import find_regions

FIXTURE = Path(__file__).parent / "fixtures" / "officials" / "tanah_bumbu_santunan.txt"


def officials_in(text, entities=()):
    analysis = Analysis(text, [(0, len(text))], list(entities))
    return [(o.name, o.position, o.organization, o.region)
            for o in find_officials(analysis, find_regions(analysis))]


def test_title_region_name_gives_a_regent():
    assert officials_in("Bupati Paser Fahmi Fadli membuka acara.") == [
        ("Fahmi Fadli", "Bupati", "Pemerintah Kabupaten Paser", "Kabupaten Paser")]


def test_title_comma_name_is_read():
    assert officials_in("Hadir Wali Kota Pontianak, Edi Susanto, di lokasi.") == [
        ("Edi Susanto", "Wali Kota", "Pemerintah Kota Pontianak", "Kota Pontianak")]


def test_name_comma_title_apposition_is_read():
    assert officials_in("Rina Marlina, Kepala Kantor Cabang BPJS TK Palangka Raya, mengatakan hal itu.") == [
        ("Rina Marlina", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan", "Kota Palangka Raya")]


def test_name_selaku_title_is_read():
    assert officials_in("Rahmat Hidayat selaku Koordinator Lapangan BPJAMSOSTEK Tanbu menyerahkan kartu.") == [
        ("Rahmat Hidayat", "Koordinator Lapangan", "BPJS Ketenagakerjaan", "Kabupaten Tanah Bumbu")]


def test_honorifics_and_degrees_are_dropped():
    assert officials_in("Bupati Tanah Laut Dr. H. Sukamta, SE, MM, hadir.")[0][0] == "Sukamta"


def test_wabup_expands_to_wakil_bupati():
    assert officials_in("Wabup Kotim Irawati membuka rapat.")[0][1] == "Wakil Bupati"


def test_sekda_with_plt_prefix_keeps_the_prefix():
    assert officials_in("Plt. Sekda HSS Muhammad Noor membuka acara.")[0][:2] == (
        "Muhammad Noor", "Plt Sekretaris Daerah")


def test_kadisnakertrans_expands_position_and_agency():
    assert officials_in("Kadisnakertrans Kalsel Irfan Hakim hadir.") == [
        ("Irfan Hakim", "Kepala Dinas Tenaga Kerja dan Transmigrasi", "Dinas Tenaga Kerja dan Transmigrasi",
         "Provinsi Kalimantan Selatan")]


def test_agency_abbreviation_after_kepala_gives_the_agency_position():
    assert officials_in("Kepala Disnakertrans Kalteng Budi Raharjo hadir.")[0][1] == (
        "Kepala Dinas Tenaga Kerja dan Transmigrasi")


def test_parenthetical_abbreviation_is_skipped():
    text = "Kepala Dinas Tenaga Kerja dan Transmigrasi (Disnakertrans) Kabupaten Kotabaru Yusuf Efendi hadir."
    assert officials_in(text) == [("Yusuf Efendi", "Kepala Dinas Tenaga Kerja dan Transmigrasi",
                                   "Dinas Tenaga Kerja dan Transmigrasi", "Kabupaten Kotabaru")]


def test_bpjs_variants_become_bpjs_ketenagakerjaan():
    text = "Kepala BPJamsostek Cabang Banjarmasin Tono Sugiarto hadir."
    assert officials_in(text)[0][2] == "BPJS Ketenagakerjaan"


def test_kepala_with_a_branch_becomes_kepala_cabang():
    assert officials_in("Kepala BPJS Ketenagakerjaan Cabang Banjarmasin, Tono Sugiarto, hadir.")[0][1] == (
        "Kepala Cabang")


def test_branch_named_after_a_town_has_no_region():
    assert officials_in("Kepala BPJAMSOSTEK Sampit Yusran Halim memberi sambutan.") == [
        ("Yusran Halim", "Kepala", "BPJS Ketenagakerjaan", None)]


def test_macro_area_office_has_no_region():
    assert officials_in("Deputi Direktur Wilayah BPJAMSOSTEK Kalimantan Agus Salim hadir.") == [
        ("Agus Salim", "Deputi Direktur Wilayah", "BPJS Ketenagakerjaan", None)]


def test_bare_deputi_direktur_takes_the_wilayah_unit():
    assert officials_in("Deputi Direktur BPJS Wilayah Kalimantan Agus Salim hadir.")[0][1] == (
        "Deputi Direktur Wilayah")


def test_multi_province_office_has_no_region():
    text = "Kepala Kanwil BPJS Ketenagakerjaan Sumbar Riau Kepri, Eko Prasetyo, hadir."
    assert officials_in(text) == [("Eko Prasetyo", "Kepala Kantor Wilayah", "BPJS Ketenagakerjaan", None)]


def test_pemprov_body_gives_the_provincial_government():
    text = "Asisten II Bidang Ekonomi dan Pembangunan Pemprov Kalsel, Syahrul Anwar, hadir."
    assert officials_in(text) == [("Syahrul Anwar", "Asisten II Bidang Ekonomi dan Pembangunan",
                                   "Pemerintah Provinsi Kalimantan Selatan", "Provinsi Kalimantan Selatan")]


def test_council_member_has_organization_dprd_and_the_place_as_region():
    text = "Ketua Komisi IV DPRD Provinsi Jambi, Rudi Hartono, hadir."
    assert officials_in(text) == [("Rudi Hartono", "Ketua Komisi IV", "DPRD", "Provinsi Jambi")]


def test_regional_title_without_region_takes_the_articles_region():
    text = "Pemkab Tapin menggelar rapat. Bupati Ahmad Fauzan membukanya. Warga Tapin hadir."
    assert officials_in(text) == [("Ahmad Fauzan", "Bupati", "Pemerintah Kabupaten Tapin", "Kabupaten Tapin")]


def test_later_first_name_mention_is_the_same_person():
    text = "Bupati Paser Fahmi Fadli hadir. Kemudian Bupati Fahmi menyerahkan kartu."
    assert [o[0] for o in officials_in(text)] == ["Fahmi Fadli"]


def test_person_without_an_office_is_not_an_official():
    assert officials_in("Budi Santoso, warga Banjarmasin, menerima santunan.") == []


def test_byline_is_not_an_official():
    assert officials_in("Pekerja terlindungi.\nReporter: Siti Rahmah\nEditor: Andi Saputra") == []


def test_title_in_a_document_name_is_not_a_person():
    assert officials_in("Hal itu diatur Peraturan Bupati Tapin Tahun 2024.") == []


def test_title_case_headline_gives_no_official():
    assert officials_in("Bupati Siap Bantu Pekerja Informal Jadi Peserta\nIsi berita.") == []


def test_capitals_after_a_title_are_not_a_name():
    assert officials_in("Ketua RT setempat ikut hadir.") == []


def test_title_without_name_after_a_clause_word_gives_nothing():
    assert officials_in("Lanjut Mengala, Gubernur Sulut telah melakukan rapat.") == []


def test_office_title_without_body_inherits_the_body_of_its_sentence():
    text = "Santunan diserahkan pihak BPJAMSOSTEK Cabang Sulbar yang diwakili Kabid Kepesertaan, Insan Putra."
    assert officials_in(text) == [("Insan Putra", "Kepala Bidang Kepesertaan", "BPJS Ketenagakerjaan",
                                   "Provinsi Sulawesi Barat")]


def test_ner_person_span_ends_the_name_where_the_model_starts_another_entity():
    text = "Bupati Tapin Arifin Arpan Tanjung Harapan hadir."
    person = Span("PER", 13, 25, "Arifin Arpan", source="ner")
    place = Span("LOC", 26, 41, "Tanjung Harapan", source="ner")
    assert officials_in(text, [person, place])[0][0] == "Arifin Arpan"


def test_ner_person_span_one_word_short_does_not_cut_the_name():
    text = "Bupati Paser Fahmi Fadli Hasan membuka acara."
    person = Span("PER", 13, 24, "Fahmi Fadli", source="ner")
    assert officials_in(text, [person])[0][0] == "Fahmi Fadli Hasan"


def test_model_person_after_a_body_the_lexicon_lacks_is_an_official():
    text = "Hadir pula Ketua Serikat Buruh Sejahtera PT Maju Karya Nurdin Hasan di lokasi."
    person = Span("PER", text.index("Nurdin"), text.index(" di lokasi"), "Nurdin Hasan", source="ner")
    assert officials_in(text, [person]) == [("Nurdin Hasan", "Ketua", "Serikat Buruh Sejahtera PT Maju Karya", None)]


def test_body_the_lexicon_lacks_gives_no_official_without_a_model_person():
    assert officials_in("Hadir pula Ketua Serikat Buruh Sejahtera PT Maju Karya Nurdin Hasan di lokasi.") == []


def test_bare_kepala_before_a_body_the_lexicon_lacks_is_not_read_from_the_model():
    text = "Hadir pula Kepala Agen Mitra Sejahtera Rudi Hartono di lokasi."
    person = Span("PER", text.index("Rudi"), text.index(" di lokasi"), "Rudi Hartono", source="ner")
    assert officials_in(text, [person]) == []


def test_officials_carry_the_name_offsets():
    text = "Bupati Paser Fahmi Fadli hadir."
    analysis = Analysis(text, [(0, len(text))], [])
    official = find_officials(analysis, find_regions(analysis))[0]
    assert (official.start, official.end, official.text) == (13, 24, "Fahmi Fadli")


def test_fixture_article_gives_its_four_officials():
    text = FIXTURE.read_text(encoding="utf-8")
    assert officials_in(text) == [
        ("Andi Rudi Latif", "Bupati", "Pemerintah Kabupaten Tanah Bumbu", "Kabupaten Tanah Bumbu"),
        ("Dewi Anggraini", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan", None),
        ("Hermansyah", "Kepala Dinas Tenaga Kerja dan Transmigrasi", "Dinas Tenaga Kerja dan Transmigrasi",
         "Provinsi Kalimantan Selatan"),
        ("Agus Salim", "Deputi Direktur Wilayah", "BPJS Ketenagakerjaan", None),
    ]


def test_fixture_article_regions_skip_towns_and_venues():
    text = FIXTURE.read_text(encoding="utf-8")
    analysis = Analysis(text, [(0, len(text))], [])
    assert sorted({m.name for m in find_regions(analysis)}) == [
        "Kabupaten Tanah Bumbu", "Provinsi Kalimantan Selatan"]


def test_penjabat_with_parenthetical_abbreviation_keeps_the_pj_prefix():
    assert officials_in("Penjabat (Pj) Bupati Tapin, Rudi Hartono, hadir.")[0][1] == "Pj Bupati"


def test_office_named_after_two_provinces_joined_by_dan_has_no_region():
    text = "Deputi Direktur Wilayah BPJS Ketenagakerjaan Jateng dan DIY, Sri Wahyuni, hadir."
    assert officials_in(text) == [("Sri Wahyuni", "Deputi Direktur Wilayah", "BPJS Ketenagakerjaan", None)]


def test_bpjs_branch_named_with_a_bare_shared_name_sits_in_the_city():
    text = ("Kepala Kantor Cabang BPJS Ketenagakerjaan Kupang, Yosef Lado, memuji langkah Pemkab Kupang "
            "menganggarkan iuran.")
    assert officials_in(text)[0][3] == "Kota Kupang"


def test_bpjs_title_without_a_body_takes_bpjs_when_the_article_names_it():
    text = "BPJS Ketenagakerjaan menggelar rapat.\nAsisten Deputi Bidang Kepesertaan, Lina Marlina, hadir."
    assert officials_in(text) == [("Lina Marlina", "Asisten Deputi Bidang Kepesertaan", "BPJS Ketenagakerjaan", None)]


def test_branch_label_after_the_city_is_part_of_the_office():
    text = "Kepala Kantor Cabang Pekanbaru Panam, Dewi Lestari, menyerahkan santunan."
    assert officials_in(text) == [("Dewi Lestari", "Kepala Kantor Cabang", None, "Kota Pekanbaru")]


def test_regional_office_label_after_kanwil_is_not_a_name():
    text = "Asisten Deputi Bidang Pelayanan Kanwil Sulama, Markus Rumbiak, membuka sosialisasi."
    assert officials_in(text)[0][:2] == ("Markus Rumbiak", "Asisten Deputi Bidang Pelayanan")


def test_unit_word_between_portfolio_and_body_stays_in_the_position():
    text = "Sinta Dewi selaku Kepala Bidang Kepesertaan Madya BPJS Ketenagakerjaan menjelaskan syaratnya."
    assert officials_in(text) == [("Sinta Dewi", "Kepala Bidang Kepesertaan Madya", "BPJS Ketenagakerjaan", None)]


def test_khusus_is_a_portfolio_word():
    text = "Hal itu dijelaskan Kabid Kepesertaan Korporasi dan Khusus, Rahmat Saleh."
    assert officials_in(text)[0][:2] == ("Rahmat Saleh", "Kepala Bidang Kepesertaan Korporasi dan Khusus")


def test_kepala_suku_dinas_with_a_long_portfolio_and_no_comma_is_read():
    text = "Kepala Suku Dinas Tenaga Kerja, Transmigrasi dan Energi Jakarta Barat Agus Salim meninjau pabrik."
    assert officials_in(text) == [("Agus Salim", "Kepala Suku Dinas Tenaga Kerja, Transmigrasi dan Energi",
                                   "Suku Dinas Tenaga Kerja, Transmigrasi dan Energi",
                                   "Kota Administrasi Jakarta Barat")]


def test_kepala_pelaksana_bpbd_is_an_office():
    assert officials_in("Kepala Pelaksana BPBD Sintang Markus Jelani meninjau banjir.") == [
        ("Markus Jelani", "Kepala Pelaksana", "Badan Penanggulangan Bencana Daerah", "Kabupaten Sintang")]


def test_branch_label_closing_an_apposition_leaves_the_name_before():
    text = "Dewi Lestari, Kepala Kantor Cabang BPJS Ketenagakerjaan Pekanbaru Panam, mengatakan hal itu."
    assert officials_in(text)[0][:2] == ("Dewi Lestari", "Kepala Kantor Cabang")


def test_branch_label_after_a_region_is_read_when_the_model_finds_the_person_after_it():
    text = "Kepala Kantor Cabang BPJS Ketenagakerjaan Pekanbaru Panam Dewi Lestari menyerahkan santunan."
    start = text.index("Dewi")
    assert officials_in(text, [Span("PER", start, start + 12, "Dewi Lestari")])[0][0] == "Dewi Lestari"


@pytest.mark.parametrize("text, name", [
    ("Kepala Kantor Cabang BPJAMSOSTEK Banjarmasin Siti Nur Halimah, Senin, mengatakan hal itu.", "Siti Nur Halimah"),
    ("Kepala Bidang Kepesertaan BPJS Ketenagakerjaan Kalsel Banjarmasin Rina Ayu Lestari hadir.", "Rina Ayu Lestari"),
    ("Direktur BPJS Ketenagakerjaan Bambang Eko Prasetyo mengungkapkan hal itu.", "Bambang Eko Prasetyo"),
    ("Wakil Bupati Gowa Hj. St. Nurhayati Daeng Kebo membuka sosialisasi.", "St. Nurhayati Daeng Kebo"),
    ("Kepala Bidang Hubungan Industrial HM. Yunus hadir dalam rapat itu.", "M Yunus"),
    ("Bupati Lombok Timur HM Sukiman Azmy meresmikan posko pekerja.", "Sukiman Azmy"),
])
def test_capitalized_words_after_a_region_or_a_national_title_are_the_persons_names(text, name):
    assert officials_in(text)[0][0] == name


def test_name_before_the_head_of_a_branch_in_a_two_word_city_is_read():
    text = "Rudi Hartono, Kepala Kantor Cabang BPJS Ketenagakerjaan Bandar Lampung, mengatakan iuran naik."
    assert officials_in(text) == [("Rudi Hartono", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan",
                                   "Kota Bandar Lampung")]


def test_a_member_of_acehs_regency_council_is_a_dprd_official_without_his_religious_title():
    assert officials_in("Wakil Ketua DPRK Aceh Utara, Tgk. Zulkarnaen Hasan, meminta rumah sakit menambah dokter.") == [
        ("Zulkarnaen Hasan", "Wakil Ketua", "DPRD", "Kabupaten Aceh Utara")]


def test_head_of_an_employers_association_is_an_official():
    assert officials_in("Ketua Apindo Kota Medan Sahat Simbolon menyambut baik rencana itu.") == [
        ("Sahat Simbolon", "Ketua", "Apindo", "Kota Medan")]


def test_union_branch_level_before_the_union_is_skipped():
    assert officials_in("Ketua DPC KSPSI Kabupaten Bekasi Darmawan Saputra ikut berbicara.") == [
        ("Darmawan Saputra", "Ketua", "KSPSI", "Kabupaten Bekasi")]


def test_union_without_a_place_has_no_region():
    text = "Pemkab Bekasi menggelar rapat. Ketua Serikat Pekerja Nasional, Andi Wijaya, hadir."
    assert officials_in(text)[0] == ("Andi Wijaya", "Ketua", "Serikat Pekerja Nasional", None)


def test_union_at_a_company_keeps_the_company_in_its_name():
    text = "Hadir Ketua Serikat Pekerja Nasional PT Sinar Jaya Textile Ahmad Yani di pabrik."
    assert officials_in(text) == [("Ahmad Yani", "Ketua", "Serikat Pekerja Nasional PT Sinar Jaya Textile", None)]


def test_company_director_before_a_comma_name_is_an_official():
    assert officials_in("Direktur PT Sumber Makmur, Hendra Gunawan, menyerahkan bantuan.") == [
        ("Hendra Gunawan", "Direktur", "PT Sumber Makmur", None)]


def test_name_before_a_company_president_director_is_read():
    assert officials_in("Hendra Gunawan, Direktur Utama PT Sumber Makmur, menyerahkan bantuan.") == [
        ("Hendra Gunawan", "Direktur Utama", "PT Sumber Makmur", None)]


def test_company_name_without_comma_leaves_a_two_word_name():
    text = "Turut hadir HRD Manager PT Sinar Jaya Textile Rudi Santoso di lokasi."
    assert officials_in(text) == [("Rudi Santoso", "HRD Manager", "PT Sinar Jaya Textile", None)]


def test_village_head_after_the_village_name_is_read():
    assert officials_in("Kepala Desa Sukamaju Asep Saepudin mendaftarkan aparatnya.")[0][:2] == (
        "Asep Saepudin", "Kepala Desa")


def test_kades_expands_to_kepala_desa():
    assert officials_in("Kades Karanganyar Siti Aminah mendaftarkan aparatnya.")[0][:2] == (
        "Siti Aminah", "Kepala Desa")


def test_lurah_of_a_kalurahan_is_read_past_the_unit_word():
    assert officials_in("Lurah Kalurahan Sidomulyo Bambang Riyanto mendaftarkan aparatnya.")[0][:2] == (
        "Bambang Riyanto", "Lurah")


def test_camat_of_a_long_district_name_is_read():
    assert officials_in("Camat Tanjung Karang Barat Yusuf Effendi membuka sosialisasi.")[0][:2] == (
        "Yusuf Effendi", "Camat")


def test_village_name_closed_by_a_comma_is_not_part_of_the_name():
    assert officials_in("Asep Saepudin, Kepala Desa Sukamaju, mengatakan hal itu.")[0][:2] == (
        "Asep Saepudin", "Kepala Desa")


def test_dinas_name_with_a_word_the_lexicon_lacks_after_dan_is_read():
    text = "Kepala Dinas Tenaga Kerja dan Mobilisasi Penduduk Aceh Akmil Husen hadir."
    assert officials_in(text) == [("Akmil Husen", "Kepala Dinas Tenaga Kerja dan Mobilisasi Penduduk",
                                   "Dinas Tenaga Kerja dan Mobilisasi Penduduk", "Provinsi Aceh")]


def test_dan_before_a_person_does_not_extend_a_dinas_name():
    text = "Hadir Kepala Dinas Sosial Rina Wati dan Rudi Hartono."
    assert officials_in(text)[0][:2] == ("Rina Wati", "Kepala Dinas Sosial")


def test_office_holders_in_a_turut_hadir_list_are_all_read():
    text = ("Turut hadir Sekda Gorontalo Budi Santoso, Asisten II Bidang Ekonomi Lina Marlina, "
            "Kepala Dinas Kominfo dan Persandian Rahmat Hidayat.")
    assert [o[:2] for o in officials_in(text)] == [
        ("Budi Santoso", "Sekretaris Daerah"), ("Lina Marlina", "Asisten II Bidang Ekonomi"),
        ("Rahmat Hidayat", "Kepala Dinas Kominfo dan Persandian")]


def test_title_in_a_building_name_is_not_an_office_holder():
    text = "Penyerahan digelar di Rumah Jabatan Bupati Gorontalo, Rabu (12/3/2025)."
    start = text.index("Gorontalo")
    assert officials_in(text, [Span("PER", start, start + 9, "Gorontalo", source="ner")]) == []


def test_region_name_is_never_a_person_name():
    text = "Hal itu disampaikan di depan Bupati Gorontalo, Rabu."
    start = text.index("Gorontalo")
    assert officials_in(text, [Span("PER", start, start + 9, "Gorontalo", source="ner")]) == []


def test_agency_written_as_an_acronym_keeps_the_acronym():
    assert officials_in("Kepala Bappeda Kabupaten Sleman Rina Wati memaparkan rencana.") == [
        ("Rina Wati", "Kepala Bappeda", "Bappeda", "Kabupaten Sleman")]


def test_name_joined_to_office_by_adalah_after_degrees_is_read():
    assert officials_in("Yohanes Benu, S.H., M.H., adalah Kepala UPT BP3MI NTT yang baru dilantik.") == [
        ("Yohanes Benu", "Kepala UPT", "BP3MI", "Provinsi Nusa Tenggara Timur")]


def test_name_joined_by_menjabat_sebagai_is_read():
    assert officials_in("Sari Dewi menjabat sebagai Kepala Bidang Kepesertaan BPJS Ketenagakerjaan Cabang Jambi.") == [
        ("Sari Dewi", "Kepala Bidang Kepesertaan", "BPJS Ketenagakerjaan", "Kota Jambi")]


def test_name_joined_by_yang_merupakan_is_read():
    assert officials_in("Hendra Gunawan yang merupakan Kepala Dinas Sosial Kabupaten Gowa turut hadir.") == [
        ("Hendra Gunawan", "Kepala Dinas Sosial", "Dinas Sosial", "Kabupaten Gowa")]


def test_long_portfolio_with_institusi_stays_in_the_position():
    text = "Asisten Deputi Bidang Kepesertaan Korporasi dan Institusi BPJS Ketenagakerjaan, Rudi Hartono, menjelaskan."
    assert officials_in(text) == [("Rudi Hartono", "Asisten Deputi Bidang Kepesertaan Korporasi dan Institusi",
                                   "BPJS Ketenagakerjaan", None)]


def test_numbered_wilayah_belongs_to_an_uptd_title():
    text = "Kepala UPTD Pengawasan Ketenagakerjaan Wilayah II, Maria Ulfa, mengatakan pemeriksaan rutin."
    assert officials_in(text)[0][:2] == ("Maria Ulfa", "Kepala UPTD Pengawasan Ketenagakerjaan Wilayah II")


def test_kepala_bagian_of_a_setda_belongs_to_the_regional_government():
    assert officials_in("Kepala Bagian Kesejahteraan Rakyat Setda Gowa, Nurhayati, mengatakan bantuan cair.") == [
        ("Nurhayati", "Kepala Bagian Kesejahteraan Rakyat", "Pemerintah Kabupaten Gowa", "Kabupaten Gowa")]


def test_english_company_title_takes_the_company():
    assert officials_in("Project Director PT Bangun Jaya Abadi, Michael Tan, menyambut baik program itu.") == [
        ("Michael Tan", "Project Director", "PT Bangun Jaya Abadi", None)]


def test_menaker_expands_to_the_minister_without_a_named_ministry():
    assert officials_in("Menaker Ida Fauziyah meninjau lokasi.") == [
        ("Ida Fauziyah", "Menteri Ketenagakerjaan", None, None)]


def test_wamenaker_belongs_to_the_ministry_the_article_names():
    assert officials_in("Wamenaker Afriansyah Noor berkunjung. Kemnaker mendukung program itu.") == [
        ("Afriansyah Noor", "Wakil Menteri Ketenagakerjaan", "Kementerian Ketenagakerjaan", None)]


def test_name_particles_and_abbreviated_given_names_do_not_end_a_name():
    text = "Kepala Dinas Sosial Kabupaten Buton, La Ode Muh. Syarif, mengatakan bantuan disalurkan."
    assert officials_in(text)[0][0] == "La Ode Muh. Syarif"


def test_group_after_ketua_is_the_organization():
    text = "Ketua Kelompok Tani Maju Bersama, Parmin, mengatakan anggotanya terdaftar."
    entities = [Span("PER", 15, 32, "Tani Maju Bersama", 0), Span("PER", 34, 40, "Parmin", 0)]
    assert officials_in(text, entities) == [("Parmin", "Ketua", "Kelompok Tani Maju Bersama", None)]


def test_kakancab_is_head_of_branch_office_and_bung_is_dropped():
    assert officials_in("Kakancab BPJS Ketenagakerjaan Surakarta, Bung Dimas Anggoro, S.E., M.M., hadir.") == [
        ("Dimas Anggoro", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan", "Kota Surakarta")]


@pytest.mark.parametrize("honorific", ["Bapak", "Pak", "Ibu", "Bu", "Mas", "Mbak", "Kak"])
def test_spoken_honorific_before_name_is_dropped(honorific):
    text = f"Kacab BPJS Ketenagakerjaan Kudus, {honorific} Laras Putri, menjelaskan program itu."
    assert officials_in(text)[0][0] == "Laras Putri"


def test_kota_administrasi_inside_agency_office_gives_the_city():
    text = ("Kepala Suku Dinas Tenaga Kerja, Transmigrasi dan Energi Kota Administrasi Jakarta Selatan, "
            "Ibu Dra. Sekar Wangi, M.Si., membuka pelatihan.")
    assert officials_in(text) == [("Sekar Wangi", "Kepala Suku Dinas Tenaga Kerja, Transmigrasi dan Energi",
                                   "Suku Dinas Tenaga Kerja, Transmigrasi dan Energi",
                                   "Kota Administrasi Jakarta Selatan")]


def test_faction_clause_between_council_and_name_belongs_to_the_office():
    text = "Anggota Komisi D DPRD Jateng dari Fraksi Partai Amanat Nasional, Hj. Siti Rahmawati, S.Ag., meminta data."
    assert officials_in(text) == [("Siti Rahmawati", "Anggota Komisi D", "DPRD", "Provinsi Jawa Tengah")]


def test_faction_acronym_without_comma_still_leads_to_the_name():
    assert officials_in("Anggota DPRD Jateng dari Fraksi PAN Siti Rahmawati hadir.")[0][0] == "Siti Rahmawati"


def test_pratama_branch_class_stays_in_the_position():
    text = "Kepala Kantor Cabang Pratama BPJS Ketenagakerjaan Sragen, Andi Wibowo, menjelaskan program itu."
    assert officials_in(text) == [
        ("Andi Wibowo", "Kepala Kantor Cabang Pratama", "BPJS Ketenagakerjaan", "Kabupaten Sragen")]


def test_selaku_office_is_the_one_acted_in():
    text = "Sekretaris Daerah Kabupaten Sleman Budi Harjono selaku Plh Bupati Sleman membuka acara tersebut."
    assert officials_in(text) == [("Budi Harjono", "Plh Bupati", "Pemerintah Kabupaten Sleman", "Kabupaten Sleman")]


def test_sebagai_without_office_keeps_the_title_before_the_name():
    text = "Sekretaris Daerah Kabupaten Sleman Budi Harjono sebagai narasumber menjelaskan aturan."
    assert officials_in(text)[0][1] == "Sekretaris Daerah"


def test_regency_word_in_paragraph_places_bpjs_branch_in_the_regency():
    text = "Pemkab Blitar menganggarkan iuran. Kepala Kantor Cabang BPJS Ketenagakerjaan Blitar, Joko Susilo, hadir."
    assert officials_in(text)[0][3] == "Kabupaten Blitar"


def test_bare_bpjs_branch_name_without_regency_context_is_the_city():
    text = "Kepala Kantor Cabang BPJS Ketenagakerjaan Malang, Tika Sari, hadir dalam acara itu."
    assert officials_in(text)[0][3] == "Kota Malang"


@pytest.mark.parametrize("title", ["Sangadi", "Hukum Tua", "Peratin", "Pambakal", "Kuwu", "Petinggi"])
def test_regional_village_head_title_is_an_office(title):
    text = f"{title} Desa Mekarsari, Yohanes Wenas, mengajak warga mendaftar."
    assert officials_in(text) == [("Yohanes Wenas", title, "Pemerintah Desa Mekarsari", None)]


@pytest.mark.parametrize("text, official", [
    ("Kepala Desa Sukamaju Asep Saepudin menerima bantuan di Kabupaten Cianjur.",
     ("Asep Saepudin", "Kepala Desa", "Pemerintah Desa Sukamaju", "Kabupaten Cianjur")),
    ("Keuchik Lamteh, Teuku Ridwan, hadir di Kabupaten Aceh Besar.",
     ("Teuku Ridwan", "Keuchik", "Pemerintah Gampong Lamteh", "Kabupaten Aceh Besar")),
    ("Lurah Kalurahan Bleberan, Sutarno, hadir di Kabupaten Gunungkidul.",
     ("Sutarno", "Lurah", "Pemerintah Kalurahan Bleberan", "Kabupaten Gunungkidul")),
    ("Lurah Sungai Miai, Kecamatan Banjarmasin Utara, Abdul Gani, hadir di Kota Banjarmasin.",
     ("Abdul Gani", "Lurah", None, "Kota Banjarmasin")),
    ("Gubernur Kalsel meninjau banjir. Camat Astambul Rahmadi mendampingi di Kabupaten Banjar, Kalsel.",
     ("Rahmadi", "Camat", None, "Kabupaten Banjar")),
    ("Pendataan pekerja rentan di Kabupaten Sorong berlanjut. Kepala Distrik Aimas, Yosef Kambu, ikut hadir.",
     ("Yosef Kambu", "Kepala Distrik", None, "Kabupaten Sorong")),
])
def test_offices_below_regency_level_take_their_village_government_and_regency(text, official):
    assert official in officials_in(text)


def test_kanwil_named_after_an_island_group_has_no_region():
    text = "Kepala Kantor Wilayah BPJS Ketenagakerjaan Sulawesi dan Kepulauan Maluku, Ferdy Lumowa, meninjau kantor."
    assert officials_in(text) == [("Ferdy Lumowa", "Kepala Kantor Wilayah", "BPJS Ketenagakerjaan", None)]


def test_body_introduced_with_its_acronym_is_the_organization():
    text = "Ketua Asosiasi Petani Garam Rakyat (APGR) Kabupaten Sampang, Moh Rofiq, menyambut program itu."
    assert officials_in(text) == [
        ("Moh Rofiq", "Ketua", "Asosiasi Petani Garam Rakyat", "Kabupaten Sampang")]


def test_syllable_acronym_of_a_body_is_recognised():
    text = "Ketua Asosiasi Pengusaha Indonesia (Apindo) Kota Batam, Rafki Rasyid, hadir."
    assert officials_in(text)[0][2:] == ("Asosiasi Pengusaha Indonesia", "Kota Batam")


def test_place_in_brackets_is_no_acronym():
    text = "Ketua Serikat Tani Mandiri (Sragen) Sri Lestari hadir."
    assert all(o[2] != "Serikat Tani Mandiri" for o in officials_in(text))


def test_branch_named_after_a_city_that_is_also_a_province_is_the_city():
    text = "Kepala BPJS Ketenagakerjaan Cabang Gorontalo, Sitti Hulopi, menyerahkan santunan."
    assert officials_in(text)[0][3] == "Kota Gorontalo"


def test_branch_head_takes_the_branch_named_in_an_earlier_sentence():
    text = ("BPJS Ketenagakerjaan Cabang Pekanbaru membuka layanan keliling di pasar. "
            "Kepala Cabang Hendri Saputra mengatakan layanan itu dibuka setiap pekan.")
    assert officials_in(text) == [("Hendri Saputra", "Kepala Cabang", "BPJS Ketenagakerjaan", "Kota Pekanbaru")]


def test_short_office_takes_the_only_body_of_its_paragraph():
    text = ("BPJS Ketenagakerjaan Cabang Manado menggelar sosialisasi bagi nelayan. "
            "Kepala Bidang Pemasaran, Meiske Tumbel, menjelaskan cara mendaftar.")
    assert officials_in(text) == [
        ("Meiske Tumbel", "Kepala Bidang Pemasaran", "BPJS Ketenagakerjaan", "Kota Manado")]


def test_short_office_takes_no_body_from_another_paragraph():
    text = ("BPJS Ketenagakerjaan Cabang Manado menggelar sosialisasi bagi nelayan.\n"
            "Kepala Bidang Pemasaran, Meiske Tumbel, menjelaskan cara mendaftar.")
    assert officials_in(text)[0][2] is None


@pytest.mark.parametrize("text, region", [
    ("Wakil Ketua DPRD Kukar, Rendi Solihin, mendukung perlindungan pekerja rentan.", "Kabupaten Kutai Kartanegara"),
    ("Ketua DPRD Kota Banjarmasin, Harry Wijaya, membuka rapat.", "Kota Banjarmasin"),
    ("Anggota DPRD Provinsi Sulawesi Tengah Maria Lestari meninjau jembatan.", "Provinsi Sulawesi Tengah"),
])
def test_council_place_goes_to_the_region_whatever_its_spelling(text, region):
    assert officials_in(text)[0][2:] == ("DPRD", region)


def test_later_council_member_belongs_to_the_council_named_before():
    text = ("DPRD Kukar menggelar rapat dengar pendapat dengan BPJS Ketenagakerjaan.\n"
            "Anggota Komisi IV, Lestari Ningsih, meminta data peserta diperbarui.")
    assert officials_in(text) == [
        ("Lestari Ningsih", "Anggota Komisi IV", "DPRD", "Kabupaten Kutai Kartanegara")]


def test_short_office_takes_the_only_agency_of_its_paragraph():
    text = ("Disnaker Kota Medan menggelar rapat dengan serikat pekerja. "
            "Kepala Bidang Hubungan Industrial, Rina Sari, menjelaskan aturan pesangon.")
    assert officials_in(text) == [
        ("Rina Sari", "Kepala Bidang Hubungan Industrial", "Dinas Tenaga Kerja", "Kota Medan")]


def test_short_office_takes_no_body_when_its_paragraph_names_two():
    text = ("Disnaker Kota Medan dan BPJS Ketenagakerjaan Cabang Medan menggelar rapat. "
            "Kepala Bidang Pelayanan, Rina Sari, menjelaskan aturan.")
    assert officials_in(text)[0][2] is None


# --- offices outside BPJS and local government (ANNOTATION.md, "Scope outside the first domain") ---

@pytest.mark.parametrize("text, official", [
    ("Kapolda Kalsel Irjen Pol Rosyanto Yudha Hermawan meninjau lokasi banjir.",
     ("Rosyanto Yudha Hermawan", "Kepala Kepolisian Daerah", "Kepolisian Daerah", "Provinsi Kalimantan Selatan")),
    ("Kasat Reskrim Polres Tapin, AKP Haris Wicaksono, membenarkan kejadian itu.",
     ("Haris Wicaksono", "Kepala Satuan Reserse Kriminal", "Kepolisian Resor", "Kabupaten Tapin")),
    ("Kabid Humas Polda Kalsel Kombes Pol Adam Erwindi mengatakan.",
     ("Adam Erwindi", "Kepala Bidang Hubungan Masyarakat", "Kepolisian Daerah", "Provinsi Kalimantan Selatan")),
    ("Kepala Kejaksaan Negeri (Kajari) Hulu Sungai Tengah, Dr. Budi Mulyono, SH, MH, menahan tersangka.",
     ("Budi Mulyono", "Kepala Kejaksaan Negeri", "Kejaksaan Negeri", "Kabupaten Hulu Sungai Tengah")),
    ("Kasi Intel Kejari Balangan Andi Rahmat Hidayat menjelaskan kerugian negara.",
     ("Andi Rahmat Hidayat", "Kepala Seksi Intelijen", "Kejaksaan Negeri", "Kabupaten Balangan")),
    ("Kepala Seksi Tindak Pidana Khusus Kejari Banjarmasin Andi Hamzah menerima berkas.",
     ("Andi Hamzah", "Kepala Seksi Tindak Pidana Khusus", "Kejaksaan Negeri", "Kota Banjarmasin")),
    ("Dandim 1002/Barabai Letkol Inf M. Yusuf Hidayat hadir dalam apel.",
     ("M Yusuf Hidayat", "Komandan Komando Distrik Militer", "Komando Distrik Militer", None)),
    ("Rektor Universitas Lambung Mangkurat Prof. Dr. Ahmad Alim Bachri mengukuhkan guru besar.",
     ("Ahmad Alim Bachri", "Rektor", "Universitas Lambung Mangkurat", None)),
    ("Ketua MUI Kabupaten Tabalong KH Ahmad Zaini mengimbau warga.",
     ("Ahmad Zaini", "Ketua", "MUI", "Kabupaten Tabalong")),
    ("Ketua KPU Kabupaten Tanah Laut Ahmad Rajai mengumumkan hasil pemilu.",
     ("Ahmad Rajai", "Ketua", "Komisi Pemilihan Umum", "Kabupaten Tanah Laut")),
    ("Kepala Bidang Bina Marga Dinas PUPR Kabupaten Tabalong Hendra Wijaya menjelaskan.",
     ("Hendra Wijaya", "Kepala Bidang Bina Marga", "Dinas PUPR", "Kabupaten Tabalong")),
    ("Wakil Presiden Republik Indonesia, Prof. Dr. (H.C.) K.H. Ahmad Basri, membuka acara.",
     ("Ahmad Basri", "Wakil Presiden", None, None)),
])
def test_offices_of_police_prosecutors_and_other_bodies(text, official):
    assert officials_in(text) == [official]


@pytest.mark.parametrize("text, name", [
    ("Kapolsek Kintap Iptu Ahmad Fauzi memimpin pencarian korban.", "Ahmad Fauzi"),
    ("Pangdam VI/Mulawarman Mayjen TNI Tri Budi Utomo meresmikan jembatan.", "Tri Budi Utomo"),
    ("AKBP Doni Hadi Santoso, Kapolres Tapin, mengatakan pelaku sudah ditangkap.", "Doni Hadi Santoso"),
    ("Anggota DPRD Kota Banjarbaru dari Fraksi Golkar, Gus Fadli Rahman, meminta perbaikan jalan.", "Fadli Rahman"),
    ("Danrem 101/Antasari Brigjen TNI (Purn) Yudi Prasetyo meninjau lokasi.", "Yudi Prasetyo"),
])
def test_ranks_and_gus_are_removed_like_honorifics(text, name):
    assert officials_in(text)[0][0] == name


@pytest.mark.parametrize("text", [
    "Menurut mantan Bupati Tapin Arifin Arpan, jalan itu dibangun tahun 2010.",
    "Eks Kapolres Banjar AKBP Doni Hadi Santoso kini bertugas di Jakarta.",
    "Calon Bupati Balangan Ahmad Sanusi berkampanye di pasar.",
    "Istri Bupati Balangan, Hj. Rina Hartati, menyerahkan bantuan.",
    "Staf Kepala Dinas Sosial, Budi Santoso, menyerahkan bantuan.",
])
def test_former_offices_candidates_relatives_and_staff_hold_no_office(text):
    assert officials_in(text) == []


@pytest.mark.parametrize("text, official", [
    ("ujar wakil bupati Tabalong Muhammad Noor Rifani kepada wartawan.",
     ("Muhammad Noor Rifani", "Wakil Bupati", "Pemerintah Kabupaten Tabalong", "Kabupaten Tabalong")),
    ("Hal itu disampaikan oleh kepala dinas kesehatan Kabupaten Banjar, Yasna Khairina.",
     ("Yasna Khairina", "Kepala Dinas Kesehatan", "Dinas Kesehatan", "Kabupaten Banjar")),
    ("Juru bicara fraksi, Rudi Hartawan Siregar, anggota DPRD Sumut dari Fraksi Gerindra, menyoroti PAD.",
     ("Rudi Hartawan Siregar", "Anggota", "DPRD", "Provinsi Sumatera Utara")),
])
def test_titles_written_in_lowercase_are_read(text, official):
    assert officials_in(text) == [official]


def test_a_person_with_two_offices_keeps_the_one_the_article_quotes():
    text = ("Rapat dihadiri Asisten Administrasi Umum Setda Tabalong, Subagyo.\n"
            "Plt Kepala Dinas Tenaga Kerja Kabupaten Tabalong, Subagyo menyampaikan anggaran sudah siap.")
    assert officials_in(text) == [("Subagyo", "Plt Kepala Dinas Tenaga Kerja", "Dinas Tenaga Kerja",
                                   "Kabupaten Tabalong")]


def test_acting_office_after_degrees_is_the_office():
    text = "Hal itu disampaikan Sekda Poso, Dr. Yusuf Lamakampali, S.Sos., M.Si., selaku Plh Bupati Poso."
    assert officials_in(text)[0][:2] == ("Yusuf Lamakampali", "Plh Bupati")


def test_names_spelled_with_different_apostrophes_are_one_person():
    text = "Wakil Presiden Ma’ruf Hasan membuka acara. Wakil Presiden Ma'ruf Hasan lalu berpidato."
    assert [o[0] for o in officials_in(text)] == ["Ma’ruf Hasan"]


def test_unit_head_takes_the_agency_of_the_head_named_before_in_the_sentence():
    text = ("Kadisnakertrans Riau Boby Rachmat hadir didampingi Kepala Bidang Hubungan Industrial "
            "Yunus Hamid dan Kepala Seksi (Kasi) Norma dan Persyaratan Kerja Raja Dedy.")
    assert [o[1:] for o in officials_in(text)][1:] == [
        ("Kepala Bidang Hubungan Industrial", "Dinas Tenaga Kerja dan Transmigrasi", "Provinsi Riau"),
        ("Kepala Seksi Norma dan Persyaratan Kerja", "Dinas Tenaga Kerja dan Transmigrasi", "Provinsi Riau")]


@pytest.mark.parametrize("text, name", [
    ("Warga Kampar antre bantuan. Kepala Dinas Pemberdayaan Masyarakat dan Desa Kampar, Hj Nurlaila, hadir.",
     "Nurlaila"),
    ("Kepala BPJS Ketenagakerjaan Cabang Tabalong Tanjung Eko Prasetyo datang. Acara digelar di Tanjung.",
     "Eko Prasetyo"),
    ("Bupati Lombok Timur, Provinsi Nusa Tenggara Barat (NTB) Haerul Wahid mengatakan hal itu.", "Haerul Wahid"),
    ("Wakil Camat Kepulauan Seribu, Selatan, Hendra Sitepu mengatakan hal itu.", "Hendra Sitepu"),
    ("Sejak menjabat sebagai Penjabat Wali Kota Ambon, ia mendorong perlindungan pekerja.", None),
])
def test_places_and_clause_words_are_not_glued_to_names(text, name):
    assert [o[0] for o in officials_in(text)] == ([name] if name else [])


@pytest.mark.parametrize("text, official", [
    ("Kadis PUPR Kalsel Ahmad Solhan mengatakan jalan rusak.",
     ("Ahmad Solhan", "Kepala Dinas PUPR", "Dinas PUPR", "Provinsi Kalimantan Selatan")),
    ("Kepala Balai Wilayah Sungai Kalimantan III, Ir. Maryadi Utama, mengatakan tanggul diperbaiki.",
     ("Maryadi Utama", "Kepala Balai", "Balai Wilayah Sungai Kalimantan III", None)),
    ("Kepala Balai Pelaksanaan Jalan Nasional (BPJN) Maluku Utara, Ir Samsul Bahri MEng, menjelaskan.",
     ("Samsul Bahri", "Kepala Balai", "Balai Pelaksanaan Jalan Nasional", "Provinsi Maluku Utara")),
    ("Kepala Kantor Pencarian dan Pertolongan (Basarnas) Manado, Kolonel Laut (P) Frans Lumenta, mengatakan.",
     ("Frans Lumenta", "Kepala Kantor", "Kantor Pencarian dan Pertolongan", "Kota Manado")),
    ("Kepala Kantor Kementerian Agama Kabupaten Banjar H. Abdul Hamid menjelaskan.",
     ("Abdul Hamid", "Kepala Kantor", "Kementerian Agama", "Kabupaten Banjar")),
    ("Komandan Lanal Banjarmasin Kolonel Laut (P) Arief Budiman meninjau pelabuhan.",
     ("Arief Budiman", "Komandan Pangkalan TNI Angkatan Laut", "Pangkalan TNI Angkatan Laut", "Kota Banjarmasin")),
    ("Kepala SMAN 1 Martapura Sri Wahyuni mengatakan siswa diliburkan.",
     ("Sri Wahyuni", "Kepala", "SMAN 1 Martapura", None)),
    ("Dekan Fakultas Hukum Universitas Lambung Mangkurat Prof. Dr. Abdul Halim mengatakan.",
     ("Abdul Halim", "Dekan", "Fakultas Hukum Universitas Lambung Mangkurat", None)),
    ("Kepala Kantor BPJS Ketenagakerjaan Wilayah Provinsi Jawa Barat, Dedi Siswanto, mengatakan.",
     ("Dedi Siswanto", "Kepala Kantor Wilayah", "BPJS Ketenagakerjaan", "Provinsi Jawa Barat")),
])
def test_bodies_named_by_their_type_schools_ministries_and_commands(text, official):
    assert officials_in(text) == [official]


@pytest.mark.parametrize("text, official", [
    ("Kepala Kantor Cabang BPJS Ketenagakerjaan Kupang Ni Made Sri Wahyuni mengatakan.",
     ("Ni Made Sri Wahyuni", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan", "Kota Kupang")),
    ("Pelaksana Tugas (Plt) Kepala Dinas Sosial Kota Banjarmasin, Dolly Syahputra, menyalurkan bantuan.",
     ("Dolly Syahputra", "Plt Kepala Dinas Sosial", "Dinas Sosial", "Kota Banjarmasin")),
    ("Dandim 1022/Tanah Bumbu Letkol Inf Joko Purnomo hadir dalam apel.",
     ("Joko Purnomo", "Komandan Komando Distrik Militer", "Komando Distrik Militer", "Kabupaten Tanah Bumbu")),
    ("Anggota DPD RI asal Kalsel, Habib Abdurrahman, menyerap aspirasi warga.",
     ("Habib Abdurrahman", "Anggota", "DPD RI", "Provinsi Kalimantan Selatan")),
    ("Kepala BNPB Letjen TNI Suharto Wibowo meninjau banjir.",
     ("Suharto Wibowo", "Kepala Badan Nasional Penanggulangan Bencana", "Badan Nasional Penanggulangan Bencana", None)),
    ("Kepala Sekolah SDN 3 Landasan Ulin, Siti Rahmah, menjelaskan.",
     ("Siti Rahmah", "Kepala Sekolah", "SDN 3 Landasan Ulin", None)),
    ("Kepala Seksi Pemerintahan Kecamatan Banjarbaru Utara, Muhammad Ridha, hadir.",
     ("Muhammad Ridha", "Kepala Seksi Pemerintahan", None, None)),
])
def test_long_titles_with_prefixes_seats_and_districts_lead_to_the_whole_name(text, official):
    assert officials_in(text) == [official]


@pytest.mark.parametrize("text, official", [
    ("Hadir Kepala Kantor Wilayah BPJSK Bali, Nusa Tenggara, dan Papua Kurniawan Adi Saputro.",
     ("Kurniawan Adi Saputro", "Kepala Kantor Wilayah", "BPJS Ketenagakerjaan", None)),
    ("Hadir Kepala BPJS Ketenagakerjaan Samarinda, Budi Wahono, dan Asisten Deputi Wilayah Kalimantan "
     "Bidang Kepesertaan, Agus Dwi Saputra.",
     ("Agus Dwi Saputra", "Asisten Deputi Wilayah Bidang Kepesertaan", "BPJS Ketenagakerjaan", None)),
])
def test_offices_named_after_macro_areas_keep_no_region_and_reach_the_name(text, official):
    assert official in officials_in(text)


@pytest.mark.parametrize("text, expected", [
    ("Jalan Gubernur Syarkawi rusak parah setelah banjir.", []),
    ("Para kepala desa se-Kabupaten Banjar mengikuti pelatihan.", []),
    ("Warga meminta bupati segera memperbaiki jalan.", []),
    ("Ketua Umum Partai Golkar Bahlil Lahadalia hadir di Banjarmasin.",
     [("Bahlil Lahadalia", "Ketua Umum", "Partai Golkar", None)]),
])
def test_streets_generic_lowercase_titles_and_parties(text, expected):
    assert officials_in(text) == expected


@pytest.mark.parametrize("text, official", [
    ("Teguh Santoso, selaku Kepala Bidang Kepesertaan Khusus BPJS Ketenagakerjaan, menyebut santunan cair.",
     ("Teguh Santoso", "Kepala Bidang Kepesertaan Khusus", "BPJS Ketenagakerjaan", None)),
    ("Kata Anwar selaku Kadisnakertrans. Yudi Pratama, Kepala Kantor Cabang BPJS Ketenagakerjaan Bandar "
     "Lampung, menyebut iuran naik.",
     ("Yudi Pratama", "Kepala Kantor Cabang", "BPJS Ketenagakerjaan", "Kota Bandar Lampung")),
    ("Asisten Deputi Bidang Kepesertaan Kanwil BPJS Ketenagakerjaan Sumbagsel, Rina Oktavia, hadir.",
     ("Rina Oktavia", "Asisten Deputi Bidang Kepesertaan", "BPJS Ketenagakerjaan", None)),
])
def test_names_before_titles_stop_at_the_sentence_and_units_stay_out_of_portfolios(text, official):
    assert official in officials_in(text)


@pytest.mark.parametrize("text, official", [
    ("Manajer CSR PT Adaro Indonesia, Dewi Kartika, menyerahkan bantuan.",
     ("Dewi Kartika", "Manajer CSR", "PT Adaro Indonesia", None)),
    ("Kanit Reskrim Polsek Banjarmasin Tengah Ipda Rudi Hartono menangkap pelaku.",
     ("Rudi Hartono", "Kepala Unit Reserse Kriminal", "Kepolisian Sektor", "Kota Banjarmasin")),
    ("Kabag Ops Polres Tapin Kompol Syaiful Anwar memimpin pengamanan.",
     ("Syaiful Anwar", "Kepala Bagian Operasional", "Kepolisian Resor", "Kabupaten Tapin")),
    ("Anggota Bawaslu Kabupaten Tabalong Divisi Penanganan Pelanggaran, Muhammad Yusran, menjelaskan.",
     ("Muhammad Yusran", "Anggota", "Badan Pengawas Pemilihan Umum", "Kabupaten Tabalong")),
])
def test_departments_districts_and_divisions_inside_office_phrases(text, official):
    assert officials_in(text) == [official]


def test_a_second_body_after_an_agency_head_ends_the_phrase_instead_of_looping():
    assert officials_in("Kadisnakertrans Kalsel BPJS Ketenagakerjaan Budi Santoso hadir.") == []


def test_a_bodys_own_name_after_its_acronym_is_not_the_person():
    text = "Kepala Balai Wilayah Sungai (BWS) Sumatera Lima, Darmadi Yusuf, meninjau tanggul."
    person = Span("PER", text.index("Darmadi"), text.index(", meninjau"), "Darmadi Yusuf", source="ner")
    assert [o[0] for o in officials_in(text, [person])] == ["Darmadi Yusuf"]


@pytest.mark.parametrize("text, organization", [
    ("Pemimpin Cabang bank bjb Tasikmalaya, Rudi Hartanto, menyerahkan kredit itu.", "bank bjb"),
    ("Pemimpin Cabang Bank Kalsel Barabai, Rudi Hartanto, menyerahkan kredit itu.", "Bank Kalsel"),
])
def test_a_regional_bank_is_a_company_even_written_in_lowercase(text, organization):
    assert [o[:3] for o in officials_in(text)] == [("Rudi Hartanto", "Pemimpin Cabang", organization)]


def test_model_person_after_a_comma_and_honorifics_behind_an_unknown_body_is_an_official():
    text = "Direktur RSUD Kabupaten Tapin, dr Hendra Wijaya, menjelaskan layanan tetap buka."
    person = Span("PER", text.index("Hendra"), text.index(", menjelaskan"), "Hendra Wijaya", source="ner")
    assert [o[:3] for o in officials_in(text, [person])] == [("Hendra Wijaya", "Direktur", "RSUD Kabupaten Tapin")]


def test_a_long_agency_name_running_on_after_a_comma_to_its_region_is_not_the_person():
    text = ("Hal itu disampaikan Kepala Dinas Pemberdayaan Masyarakat dan Desa (DPMD), Pengendalian Penduduk "
            "dan Keluarga Berencana Kabupaten Tabanan, I Gede Sukarta, Senin.")
    assert [o[0] for o in officials_in(text)] == ["I Gede Sukarta"]


def test_the_secretary_of_an_agency_belongs_to_the_agency():
    assert officials_in("Sekretaris Dinas Pendidikan Kota Samarinda, Barlin Hady Kesuma, menjelaskan jadwalnya.") == [
        ("Barlin Hady Kesuma", "Sekretaris Dinas Pendidikan", "Dinas Pendidikan", "Kota Samarinda")]


@pytest.mark.parametrize("text, official", [
    ("Kepala Dinas Bina Marga dan Bina Konstruksi Provinsi Lampung, Rahmat Hidayat, meninjau jalan itu.",
     ("Rahmat Hidayat", "Kepala Dinas Bina Marga dan Bina Konstruksi", "Dinas Bina Marga dan Bina Konstruksi",
      "Provinsi Lampung")),
    ("Kepala Dinas Kepemudaan, Olahraga dan Pariwisata Kota Tegal, Hartono, mengatakan lomba dibuka.",
     ("Hartono", "Kepala Dinas Kepemudaan, Olahraga dan Pariwisata", "Dinas Kepemudaan, Olahraga dan Pariwisata",
      "Kota Tegal")),
    ("Kepala Badan Riset dan Inovasi Daerah Kota Surabaya, Lina Marlina, membuka acara.",
     ("Lina Marlina", "Kepala Badan Riset dan Inovasi Daerah", "Badan Riset dan Inovasi Daerah", "Kota Surabaya")),
    ("Inspektur Inspektorat Kabupaten Lebak, Dedi Kurniawan, meminta kepala desa tertib.",
     ("Dedi Kurniawan", "Inspektur", "Inspektorat", "Kabupaten Lebak")),
    ("Koordinator Bidang Kepesertaan BPJS Ketenagakerjaan Cabang Ternate, Sitti Rahmawati Umar, menjelaskan syarat.",
     ("Sitti Rahmawati Umar", "Koordinator Bidang Kepesertaan", "BPJS Ketenagakerjaan", "Kota Ternate")),
    ("Kepala Badan Pusat Statistik (BPS) Provinsi Jambi, Agus Sudibyo, merilis angka kemiskinan.",
     ("Agus Sudibyo", "Kepala Badan Pusat Statistik", "Badan Pusat Statistik", "Provinsi Jambi")),
])
def test_agency_names_keep_every_portfolio_word(text, official):
    assert officials_in(text) == [official]


@pytest.mark.parametrize("text", [
    "Pelaku ditangkap Inspektur Polisi Satu Agus Salim di rumahnya.",
    "Koordinator Lapangan Aliansi Mahasiswa Ternate, Rudi Hartono, meminta DPRD menemui massa aksi.",
])
def test_a_spelled_out_police_rank_or_a_protest_coordinator_is_no_office(text):
    assert officials_in(text) == []


@pytest.mark.parametrize("text, official", [
    ("Camat Batujajar, Kabupaten Bandung Barat, Asep Sudrajat mengatakan jalan desa rusak berat.",
     ("Asep Sudrajat", "Camat", None, "Kabupaten Bandung Barat")),
    ("Kepala Desa Sukamaju, Kecamatan Cibadak, Kabupaten Sukabumi, Dede Supriadi, menyambut program itu.",
     ("Dede Supriadi", "Kepala Desa", "Pemerintah Desa Sukamaju", "Kabupaten Sukabumi")),
])
def test_a_local_head_is_read_after_the_places_set_off_behind_the_title(text, official):
    assert officials_in(text) == [official]


@pytest.mark.parametrize("text, name", [
    ("Anggota DPRD Tapanuli Utara dari daerah pemilihan Pahae, Marlon Situmorang, S.H., meminta dinas mengawasi.",
     "Marlon Situmorang"),
    ("Anggota Komisi V DPRD Jawa Barat dari dapil Garut, Hj. Neng Siti Maryam, S.Ag., mengapresiasi langkah itu.",
     "Neng Siti Maryam"),
    ("Kepala Desa Wolotolo saat ini, Fransiskus Xaverius Mbulu, mengaku prihatin.", "Fransiskus Xaverius Mbulu"),
    ("Kepala BPJS Ketenagakerjaan Cabang Jambi, Yuliana Br. Manurung, menjelaskan layanan kantornya.",
     "Yuliana Br. Manurung"),
])
def test_a_name_is_read_past_an_electoral_district_a_time_word_and_a_clan_marker(text, name):
    assert [o[0] for o in officials_in(text)] == [name]


def test_the_head_of_a_ministry_unit_named_with_dan_is_read_after_the_comma():
    text = "Kepala Pusat Data dan Informasi Kementerian Kesehatan, Budi Santoso, mengatakan data diperbarui."
    assert [o[:3] for o in officials_in(text)] == [
        ("Budi Santoso", "Kepala Pusat", "Pusat Data dan Informasi Kementerian Kesehatan")]
