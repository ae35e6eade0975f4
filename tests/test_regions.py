"""The regions rule on hand-written sentences: names, abbreviations, context and the traps."""

import pytest

from pipeline.records import Analysis, Span
from pipeline.rules.regions import find_regions


def regions_in(text, entities=()):
    return sorted({m.name for m in find_regions(Analysis(text, [(0, len(text))], list(entities)))})


def test_full_province_name_is_found():
    assert regions_in("Pekerja di Kalimantan Selatan mulai terdaftar.") == ["Provinsi Kalimantan Selatan"]


@pytest.mark.parametrize("short, canonical", [
    ("Kalsel", "Provinsi Kalimantan Selatan"), ("Kaltim", "Provinsi Kalimantan Timur"),
    ("Sumut", "Provinsi Sumatera Utara"), ("Jabar", "Provinsi Jawa Barat"),
    ("NTB", "Provinsi Nusa Tenggara Barat"), ("DIY", "Provinsi Daerah Istimewa Yogyakarta"),
    ("Babel", "Provinsi Kepulauan Bangka Belitung"), ("Kepri", "Provinsi Kepulauan Riau"),
])
def test_province_short_form_resolves(short, canonical):
    assert regions_in(f"Data terbaru dari {short} menunjukkan kenaikan.") == [canonical]


@pytest.mark.parametrize("short, canonical", [
    ("HSS", "Kabupaten Hulu Sungai Selatan"), ("HSU", "Kabupaten Hulu Sungai Utara"),
    ("Kotim", "Kabupaten Kotawaringin Timur"), ("Kukar", "Kabupaten Kutai Kartanegara"),
    ("PPU", "Kabupaten Penajam Paser Utara"), ("Batola", "Kabupaten Barito Kuala"),
])
def test_regency_abbreviation_resolves(short, canonical):
    assert regions_in(f"Petani di {short} menerima kartu.") == [canonical]


def test_regency_name_without_prefix_is_found():
    assert regions_in("Nelayan Hulu Sungai Tengah ikut mendaftar.") == ["Kabupaten Hulu Sungai Tengah"]


def test_spelling_without_space_matches_canonical_name():
    assert regions_in("Warga Palangkaraya antusias.") == ["Kota Palangka Raya"]


def test_pemkab_prefix_picks_the_regency():
    assert regions_in("Pemkab Banjar menyiapkan anggaran.") == ["Kabupaten Banjar"]


def test_a_bracketed_government_abbreviation_before_the_name_picks_its_type():
    assert regions_in("Pemerintah Kabupaten (Pemkab) Gorontalo mempertahankan status UHC.") == ["Kabupaten Gorontalo"]


@pytest.mark.parametrize("election, region", [
    ("Pilbup Blitar", "Kabupaten Blitar"), ("Pilwalkot Blitar", "Kota Blitar"), ("Pilgub Jambi", "Provinsi Jambi")])
def test_the_election_before_a_name_picks_its_type(election: str, region: str):
    assert regions_in(f"Surat suara {election} mulai dicetak.") == [region]


def test_bare_banjar_is_not_guessed():
    assert regions_in("Ia fasih berbahasa Banjar sejak kecil.") == []


def test_banjarmasin_and_banjarbaru_are_cities():
    assert regions_in("Rapat di Banjarmasin lalu ke Banjarbaru.") == ["Kota Banjarbaru", "Kota Banjarmasin"]


def test_kota_and_pemkab_bekasi_are_both_kept():
    assert regions_in("Wali Kota Bekasi bertemu pejabat Pemkab Bekasi.") == ["Kabupaten Bekasi", "Kota Bekasi"]


def test_bare_name_follows_the_reading_named_elsewhere_in_the_article():
    text = "Pemkab Bekasi menganggarkan iuran. Pekerja di Bekasi menyambut baik."
    assert regions_in(text) == ["Kabupaten Bekasi"]


def test_province_and_city_of_one_name_resolve_by_type_word():
    assert regions_in("Gubernur Jambi dan Pemkot Jambi hadir.") == ["Kota Jambi", "Provinsi Jambi"]


def test_dateline_names_the_city():
    assert regions_in("Semarang (ANTARA) - Sebanyak 300 pekerja mendaftar.") == ["Kota Semarang"]


def test_dateline_in_capitals_counts():
    assert regions_in("BANJARMASIN, KP - Ratusan buruh mendaftar.") == ["Kota Banjarmasin"]


def test_capitals_outside_a_dateline_do_not_count():
    assert regions_in("Majalah SALAM PAPUA kembali terbit.") == []


@pytest.mark.parametrize("macro", ["Kalimantan", "Sumatera", "Jawa", "Sulawesi"])
def test_island_is_not_a_region(macro):
    assert regions_in(f"Pertumbuhan ekonomi {macro} melambat.") == []


@pytest.mark.parametrize("town", ["Sampit", "Barabai", "Kandangan", "Tana Paser"])
def test_town_that_is_not_a_kota_is_not_a_region(town):
    assert regions_in(f"Ia bekerja di {town} sejak lama.") == []


def test_place_inside_a_venue_name_is_not_a_region():
    assert regions_in("Acara digelar di Hotel Mercure Pontianak.") == []


def test_office_named_after_several_provinces_names_each():
    text = "Kantor Wilayah BPJS Ketenagakerjaan Sumbar Riau Kepri membuka layanan."
    assert regions_in(text) == ["Provinsi Kepulauan Riau", "Provinsi Riau", "Provinsi Sumatera Barat"]


def test_office_written_as_one_joint_word_names_each_province():
    assert regions_in("Kanwil Sumbarriau menggelar rapat.") == ["Provinsi Riau", "Provinsi Sumatera Barat"]


def test_office_named_after_a_macro_area_list_names_none():
    assert regions_in("Kepala Kanwil Bali, Nusa Tenggara, dan Papua hadir.") == []


def test_ambiguous_short_alias_needs_its_province_in_the_article():
    assert regions_in("Petani Tala menerima kartu.") == []


def test_ambiguous_short_alias_resolves_with_its_province_named():
    assert regions_in("Petani Tala menerima kartu dari Pemprov Kalsel.") == [
        "Kabupaten Tanah Laut", "Provinsi Kalimantan Selatan"]


def test_mura_resolves_to_the_province_in_context():
    assert regions_in("Di Kalteng, warga Mura ikut mendaftar.") == [
        "Kabupaten Murung Raya", "Provinsi Kalimantan Tengah"]


def test_common_word_region_needs_a_type_word():
    assert regions_in("Puncak acara berlangsung meriah.") == []


def test_common_word_region_listed_among_regencies_of_its_province_counts():
    text = "Program berjalan di Nabire, Paniai, Puncak, dan Puncak Jaya."
    assert "Kabupaten Puncak" in regions_in(text)


def test_name_inside_a_person_span_is_not_a_region():
    text = "Sambutan disampaikan Andi Bone Saputra."
    assert regions_in(text, [Span("PER", 21, 38, "Andi Bone Saputra")]) == []


def test_region_the_model_fused_into_a_person_after_a_title_is_found():
    from pipeline import nlp

    text = "Acara dibuka Wali Kota Pariaman Rudi Hartono."
    doc = nlp.load_pipeline(None)(text)
    doc.ents = [doc.char_span(text.index("Pariaman"), len(text) - 1, label="PER")]
    assert regions_in(text, nlp._analysis_from_doc(doc, None).entities) == ["Kota Pariaman"]


def test_web_address_is_not_a_region():
    assert regions_in("Dikutip dari Kalsel.com hari ini.") == []


def test_mentions_carry_their_offsets():
    text = "Warga HSS mendaftar."
    mention = find_regions(Analysis(text, [(0, len(text))], []))[0]
    assert (mention.start, mention.end, mention.text, mention.code) == (6, 9, "HSS", "6306")


def test_school_named_after_a_city_is_not_the_city():
    assert regions_in("Ia lulus dari SMA Negeri 4 Yogyakarta tahun lalu.") == []


def test_bare_name_listed_among_provinces_is_the_province():
    assert "Provinsi Gorontalo" in regions_in("Capaian tertinggi di Sulsel, disusul Sultra, Gorontalo dan Maluku.")


def test_jakarta_dateline_in_capitals_gives_the_province():
    assert regions_in("JAKARTA, Harian Kita - Iuran pekerja informal naik.") == [
        "Provinsi Daerah Khusus Ibukota Jakarta"]


def test_jakarta_dateline_with_agency_gives_the_province():
    assert regions_in("Jakarta (ANTARA) - Iuran pekerja informal naik.") == ["Provinsi Daerah Khusus Ibukota Jakarta"]


def test_jakarta_in_capitals_outside_a_dateline_does_not_count():
    assert regions_in("Spanduk bertuliskan JAKARTA MAJU dipasang.") == []


def test_medan_at_the_start_of_a_sentence_is_terrain():
    assert regions_in("Relawan tiba pagi. Medan menuju dusun itu sangat licin.") == []


def test_medan_in_lowercase_is_terrain():
    assert regions_in("Petugas menembus medan berlumpur.") == []


def test_medan_after_a_preposition_is_the_city():
    assert regions_in("Petugas kembali ke Medan pada sore hari.") == ["Kota Medan"]


def test_medan_in_a_dateline_is_the_city():
    assert regions_in("MEDAN, Harian Kita - Ratusan nelayan mendaftar.") == ["Kota Medan"]


def test_medan_after_an_office_unit_is_the_city():
    assert regions_in("Kepala Cabang Medan Andi Siregar hadir.") == ["Kota Medan"]


def test_common_word_name_inside_a_title_case_run_is_not_a_region():
    assert regions_in("Relawan Taklukkan Medan Berat Menuju Dusun") == []


def test_padang_as_a_plain_is_not_the_city():
    assert regions_in("Padang ilalang itu terbakar.") == []


def test_city_inside_a_cultural_park_name_is_not_a_region():
    assert regions_in("Pameran digelar di Taman Budaya Denpasar pekan ini.") == []


def test_city_inside_a_field_name_is_not_a_region():
    assert regions_in("Apel digelar di Lapangan Merdeka Ambon pagi ini.") == []


def test_se_prefix_before_a_typed_province_is_found():
    assert regions_in("Pekerja rentan se-Provinsi Gorontalo akan dilindungi.") == ["Provinsi Gorontalo"]


def test_se_prefix_before_a_bare_province_is_found():
    assert regions_in("Lomba itu diikuti sekolah se-Bali.") == ["Provinsi Bali"]


def test_se_prefix_before_a_regency_is_found():
    assert regions_in("Seluruh kepala desa se-Kabupaten Bone Bolango hadir.") == ["Kabupaten Bone Bolango"]


def test_strait_named_after_a_province_is_not_the_province():
    assert regions_in("Nelayan yang melaut di Selat Bali kini terlindungi.") == []


def test_region_named_with_a_feature_word_is_still_found():
    assert regions_in("Pekerja di Teluk Bintuni mendaftar.") == ["Kabupaten Teluk Bintuni"]


@pytest.mark.parametrize("venue", ["Agrowisata", "Perkebunan", "Kebun", "Pasar", "Terminal", "Desa"])
def test_regency_name_inside_a_place_name_is_not_a_region(venue):
    assert regions_in(f"Para pekerja di {venue} Gunung Mas mendapat kartu peserta.") == []


def test_city_in_bpjs_branch_name_is_the_city():
    assert regions_in("Kepala BPJS TK Bandung Soekarno-Hatta hadir di acara itu.") == ["Kota Bandung"]


def test_island_group_named_kepulauan_maluku_is_not_the_province():
    assert regions_in("Kapal itu berlayar ke Kepulauan Maluku pekan lalu.") == []


@pytest.mark.parametrize("people", ["orang asli", "suku", "masyarakat adat", "bahasa"])
def test_people_or_language_named_after_a_province_is_not_the_province(people):
    assert regions_in(f"Program ini menjangkau pekerja {people} Papua di pedalaman.") == []


def test_province_after_an_ordinary_word_is_still_the_province():
    assert regions_in("Program ini menjangkau pekerja di Papua.") == ["Provinsi Papua"]


def test_a_bare_name_of_a_city_and_a_province_in_an_article_that_names_only_provinces_is_the_province():
    text = ("Kepesertaan tertinggi di Sulawesi Utara sebanyak 623.409 pekerja.\n"
            "Selanjutnya Gorontalo 193.218 pekerja.\nKemudian Sulawesi Tengah 327.272 pekerja.")
    assert regions_in(text) == ["Provinsi Gorontalo", "Provinsi Sulawesi Tengah", "Provinsi Sulawesi Utara"]
