"""Worker counts, budgets and percentages on hand-written Indonesian sentences."""

import pytest

from pipeline.nlp import analyse
from pipeline.rules.quantities import find_budgets, find_percentages, find_worker_counts


def counts(text: str) -> dict[int, str]:
    return {c.value: c.status for c in find_worker_counts(analyse(text, None, None))}


def budgets(text: str) -> dict[int, str]:
    return {b.amount_idr: b.kind for b in find_budgets(analyse(text, None, None))}


DOMAIN_LEAD = "BPJS Ketenagakerjaan memaparkan data kepesertaan.\n"


def percentages(text: str) -> dict[float, str]:
    """Subjects of the percentages in a sentence of an article about social security (its lead says so)."""
    return {p.value: p.subject for p in find_percentages(analyse(DOMAIN_LEAD + text, None, None))}


def test_registered_workers_are_protected():
    assert counts("Sebanyak 18.450 pekerja rentan di Kabupaten Sambas telah terdaftar.") == {18450: "protected"}


def test_members_won_over_after_a_target_are_protected():
    text = ("Dari target 30 ribu peserta BPJS Ketenagakerjaan dari sektor informal, kantor cabang baru berhasil "
            "menjaring 2.600 orang.")
    assert counts(text) == {30000: "target", 2600: "protected"}


def test_belum_terdaftar_is_unprotected_not_protected():
    assert counts("Masih ada 9.300 nelayan yang belum terdaftar sebagai peserta.") == {9300: "unprotected"}


def test_target_cue_marks_target():
    assert counts("Tahun depan ditargetkan 40 ribu pekerja informal ikut program.") == {40000: "target"}


def test_share_base_after_dari_is_total():
    assert counts("Dari sekitar 210 ribu tenaga kerja, baru sebagian yang terlindungi.") == {210000: "total"}


def test_kurang_dari_is_a_hedge_not_a_share_base():
    assert counts("Tidak kurang dari 180 peserta pelatihan mengikuti acara itu.") == {180: "participant"}


def test_benefit_recipients_are_beneficiaries():
    assert counts("Santunan telah dibayarkan kepada 640 penerima manfaat.") == {640: "beneficiary"}


def test_enumeration_items_share_the_status_of_their_head():
    text = "Jumlah angkatan kerja 88.000 orang, terdiri dari 50.100 pekerja formal, 30.900 pekerja informal dan 7.000 pekerja lepas."
    assert counts(text) == {88000: "total", 50100: "total", 30900: "total", 7000: "total"}


def test_the_group_stops_before_where_the_people_come_from():
    assert groups("Sebanyak 640 pekerja migran asal Kabupaten Lombok Tengah terdaftar sebagai peserta.") == {
        640: "pekerja migran"}


def test_classifier_orang_with_group_after_it():
    (count,) = find_worker_counts(analyse("Bantuan iuran diberikan untuk 8 ribu orang petani kopi.", None, None))
    assert (count.value, count.group) == (8000, "petani kopi")


def test_group_is_lowercased_and_stops_before_clause():
    (count,) = find_worker_counts(analyse("Ada 2.150 Pekerja Rentan yang sudah dilindungi.", None, None))
    assert count.group == "pekerja rentan"


def test_bare_numbers_listed_with_their_places_after_a_counted_group_count_the_same_people():
    text = ("Sebanyak 12.500 pekerja rentan di Kabupaten Timor Tengah Selatan, 8.200 di Kabupaten Belu dan "
            "6.700 di Kabupaten Malaka kini telah terdaftar sebagai peserta.")
    assert groups(text) == {12500: "pekerja rentan", 8200: "pekerja rentan", 6700: "pekerja rentan"}


def test_bare_number_after_people_noun_counts():
    assert counts("Jumlah pekerja terlindungi mencapai 14.775, naik dari tahun lalu.") == {14775: "protected"}


def test_spelled_count_is_read():
    assert counts("Sebanyak tiga ribu buruh tani sudah terdaftar.") == {3000: "protected"}


@pytest.mark.parametrize(
    "text",
    ["Sebanyak 120 perusahaan sudah mendaftarkan karyawannya.",
     "Program ini menjangkau 14 desa di 3 kecamatan.",
     "Santunan diberikan kepada 3 orang ahli waris.",
     "Pada 2025 lalu kepesertaan meningkat.",
     "Anggaran Rp 900 juta disiapkan untuk pekerja.",
     "Sesuai Peraturan Daerah Nomor 120 Tahun 2022 tentang pekerja."],
)
def test_companies_places_heirs_years_money_and_law_numbers_are_not_counts(text):
    assert counts(text) == {}


def test_same_value_twice_keeps_the_cued_mention():
    text = "Ada 56.000 pekerja di kota ini. Dari 56.000 pekerja itu, separuh sudah terlindungi."
    assert counts(text) == {56000: "total"}


def test_apbd_allocation_is_a_budget_with_source():
    (budget,) = find_budgets(analyse("Pemkot mengalokasikan APBD sebesar Rp 2,4 miliar untuk program ini.", None, None))
    assert (budget.amount_idr, budget.kind, budget.source, budget.text) == (2_400_000_000, "budget", "APBD", "Rp 2,4 miliar")


def test_monthly_fee_is_a_contribution_even_next_to_anggaran():
    assert budgets("Anggaran itu membayar iuran Rp16.800 per bulan tiap peserta.") == {16800: "contribution"}


def test_death_benefit_is_a_benefit():
    assert budgets("Ahli waris menerima santunan kematian sebesar Rp42 juta.") == {42_000_000: "benefit"}


def test_zakat_collection_is_other():
    assert budgets("Penghimpunan zakat tahun ini ditaksir Rp 1,2 miliar.") == {1_200_000_000: "other"}


def test_number_without_rupiah_is_not_a_budget():
    assert budgets("Sebanyak 1,2 juta pekerja menjadi peserta.") == {}


def test_registered_share_is_coverage():
    assert percentages("Baru 41,5 persen pekerja di kabupaten itu yang terdaftar.") == {41.5: "coverage"}


def test_informal_share_is_informal_coverage():
    assert percentages("Kepesertaan sektor informal baru mencapai 9 persen.") == {9.0: "informal_coverage"}


def test_bukan_penerima_upah_is_informal_not_formal():
    assert percentages("Cakupan pekerja bukan penerima upah sebesar 12%.") == {12.0: "informal_coverage"}


def test_active_members_share_is_active():
    assert percentages("Dari jumlah itu 88 persen berstatus aktif.") == {88.0: "active"}


def test_health_insurance_share_is_other():
    assert percentages("Cakupan jaminan kesehatan sudah 97 persen.") == {97.0: "other"}


@pytest.mark.parametrize(
    "text",
    ["Pertumbuhan ekonomi daerah mencapai 5,2 persen.",
     "Inflasi bulan lalu tercatat 2,8 persen.",
     "Pasangan itu meraih 54 persen suara."],
)
def test_growth_inflation_and_votes_are_not_kept(text):
    assert percentages(text) == {}


@pytest.mark.parametrize(
    "text",
    ["Proyek jembatan yang pekerjanya terdaftar BPJS Ketenagakerjaan itu mencapai progres fisik 64 persen.",
     "Peserta BPJS Ketenagakerjaan bertambah, sementara 77 persen jalan kabupaten dalam kondisi baik.",
     "Pekerja rentan didaftarkan ke BPJS Ketenagakerjaan; prevalensi stunting turun menjadi 18,2 persen.",
     "Partisipasi pemilih ditargetkan mencapai 77,5 persen, kata Ketua KPU.",
     "Angka kemiskinan ditargetkan turun menjadi 8 persen pada akhir tahun."],
)
def test_shares_of_works_and_living_conditions_are_not_kept_in_a_social_security_story(text):
    assert percentages(text) == {}


def test_predicate_after_a_comma_isolated_subject_governs_it():
    assert counts("Sisanya, 4.120 buruh harian, belum terlindungi jaminan sosial.") == {4120: "unprotected"}


def test_payout_to_recipients_makes_beneficiaries():
    assert counts("Klaim JHT dicairkan kepada 215 peserta pada bulan lalu.") == {215: "beneficiary"}


def test_passive_agent_of_diikuti_is_a_participant():
    assert counts("Pelatihan itu diikuti seratus petani dari lima kecamatan.") == {100: "participant"}


def test_diikuti_after_the_number_does_not_make_participants():
    text = "Sebanyak 5.000 pekerja terdaftar di kota itu, diikuti kabupaten tetangga."
    assert counts(text) == {5000: "protected"}


def test_jumlah_without_a_status_verb_is_a_total():
    assert counts("Jumlah pekerja informal di daerah itu diperkirakan 51.000 orang.") == {51000: "total"}


def test_verb_nearer_than_total_governs_the_number():
    text = "Total pekerja rentan yang telah dilindungi hingga akhir tahun mencapai 12.400 orang."
    assert counts(text) == {12400: "protected"}


def test_anaphoric_dari_jumlah_itu_is_not_a_total():
    assert counts("Dari jumlah itu 8.100 orang sudah menjadi peserta.") == {8100: "protected"}


def test_share_base_cue_belongs_to_the_first_of_two_numbers():
    text = "Dari 150 ribu angkatan kerja di kota itu baru 38 ribu pekerja yang terdaftar."
    assert counts(text) == {150000: "total", 38000: "protected"}


def test_purpose_with_active_verb_is_a_target():
    assert counts("Pemda menyiapkan dana guna menanggung iuran 6.000 pekerja rentan.") == {6000: "target"}


@pytest.mark.parametrize("text, value", [
    ("Pengelola bandara menambah 120 pekerja alih daya untuk layanan porter selama dua pekan.", 120),
    ("Rumah sakit memberlakukan lembur agar 45 perawat bisa melayani lonjakan pasien.", 45),
    ("Kalau solar tidak ada, 1.200 nelayan di Tulehu terpaksa berhenti melaut.", 1200),
])
def test_plan_words_outside_social_security_news_make_no_target(text: str, value: int):
    assert counts(text) == {value: "other"}


def test_realised_purpose_is_not_a_target():
    text = "Dinas bekerja sama untuk memperluas kepesertaan sehingga 2.700 nelayan kini terlindungi."
    assert counts(text) == {2700: "protected"}


def test_conditional_clause_in_social_security_news_makes_the_count_a_target():
    assert counts("Apabila sudah terdaftar semua di BPJS Ketenagakerjaan, jumlahnya mencapai 9.000 orang.") == {
        9000: "target"}


def test_comparison_with_jika_is_no_condition():
    text = "Jika dibandingkan tahun lalu, kini 6.400 pekerja sudah terdaftar."
    assert counts(text) == {6400: "protected"}


def test_agents_are_other():
    assert counts("Saat ini ada 45 agen Perisai yang aktif di kabupaten itu.") == {45: "other"}


@pytest.mark.parametrize(
    ("text", "group"),
    [("Sebanyak 96 pecalang kini terlindungi jaminan sosial.", "pecalang"),
     ("Sebanyak 120 ketua RT didaftarkan menjadi peserta.", "ketua rt"),
     ("Sebanyak 410 pamong kalurahan telah terdaftar sebagai peserta.", "pamong kalurahan"),
     ("Pemkab mendaftarkan 75 penjaga makam sebagai peserta.", "penjaga makam"),
     ("Sebanyak 230 linmas sudah menjadi peserta.", "linmas"),
     ("Sebanyak 1.087 tenaga non-ASN sudah terdaftar sebagai peserta.", "tenaga non-asn"),
     ("Sebanyak 34.555 non-ASN sudah terdaftar sebagai peserta.", "non-asn")],
)
def test_unfamiliar_person_noun_in_a_membership_sentence_is_a_count(text, group):
    (count,) = find_worker_counts(analyse(text, None, None))
    assert (count.status, count.group) == ("protected", group)


@pytest.mark.parametrize(
    "text",
    ["Sebanyak 25 gampong telah mendaftarkan aparaturnya sebagai peserta.",
     "Iuran peserta dibayar selama 6 bulan.",
     "Ada 23 perusahan yang mendaftarkan karyawannya.",
     "Peserta terdaftar di 14 kantor layanan."],
)
def test_things_after_a_number_in_a_membership_sentence_are_not_counts(text):
    assert counts(text) == {}


def test_unfamiliar_noun_outside_a_membership_sentence_is_not_a_count():
    assert counts("Festival itu menampilkan 40 penari dari desa sekitar.") == {}


def test_millions_after_a_money_word_are_rupiah():
    assert budgets("Ahli waris menerima santunan kematian 42 juta dari negara.") == {42_000_000: "benefit"}


def test_millions_of_people_after_a_money_word_are_not_rupiah():
    assert budgets("Manfaat itu dirasakan 1,2 juta pekerja.") == {}


def test_payer_named_after_dibiayai_is_the_source():
    (budget,) = find_budgets(analyse("Iuran itu dibiayai Pemerintah Kabupaten Sintang sebesar Rp 500 juta.", None, None))
    assert budget.source == "Pemerintah Kabupaten Sintang"


def test_abbreviated_regional_payer_is_expanded():
    (budget,) = find_budgets(analyse("Premi Rp 16.800 per bulan ditanggung Pemkot Ternate.", None, None))
    assert budget.source == "Pemerintah Kota Ternate"


def test_village_fund_is_apbdes():
    (budget,) = find_budgets(analyse("Iuran sebesar Rp 200 juta itu berasal dari dana desa.", None, None))
    assert budget.source == "APBDes"


def test_keaktifan_share_is_active():
    assert percentages("Tingkat keaktifan peserta di kabupaten itu mencapai 78 persen.") == {78.0: "active"}


def test_compliance_share_is_other():
    assert percentages("Tingkat kepatuhan perusahaan membayar iuran baru 64 persen.") == {64.0: "other"}


def test_workforce_composition_share_is_other():
    text = "Sebanyak 72 persen angkatan kerja di provinsi itu merupakan pekerja sektor informal."
    assert percentages(text) == {72.0: "other"}


def test_sector_membership_share_stays_sector_coverage():
    text = "Kepesertaan pekerja sektor informal yang terdaftar terdiri atas 31 persen dari target."
    assert percentages(text) == {31.0: "informal_coverage"}


def groups(text: str) -> dict[int, str]:
    return {c.value: c.group for c in find_worker_counts(analyse(text, None, None))}


def test_targetnya_right_before_the_number_marks_target():
    text = "Saat ini 3.200 pekerja rentan di Kota Bima sudah terdaftar, targetnya 5 ribu pekerja tahun ini."
    assert counts(text) == {3200: "protected", 5000: "target"}


def test_laid_off_workers_are_other():
    assert counts("Sebanyak 240 pekerja korban PHK di pabrik tekstil itu masih terdaftar sebagai peserta.") == {240: "other"}


def test_laid_off_workers_paid_jkp_are_beneficiaries():
    assert counts("Sebanyak 75 pekerja yang di-PHK perusahaan sawit itu telah menerima JKP selama tiga bulan.") == {75: "beneficiary"}


def test_workers_who_cashed_out_jht_are_beneficiaries():
    assert counts("Tahun ini 1.150 peserta telah mencairkan JHT di kantor cabang Ambon.") == {1150: "beneficiary"}


def test_injured_workers_whose_care_is_paid_through_jkk_are_beneficiaries():
    text = "Sebanyak 38 buruh bangunan yang mengalami kecelakaan, biaya perawatannya ditanggung BPJS Ketenagakerjaan melalui JKK."
    assert counts(text) == {38: "beneficiary"}


def test_di_antaranya_count_takes_the_group_of_the_earlier_noun_phrase():
    text = "Jumlah pekerja informal di Kabupaten Sikka tercatat 64.300 orang. Sebanyak 21.500 di antaranya sudah terdaftar."
    found = {c.value: (c.status, c.group) for c in find_worker_counts(analyse(text, None, None))}
    assert found[21500] == ("protected", "pekerja informal")


def test_group_before_a_bare_number_keeps_bukan_penerima_upah_whole():
    assert groups("Jumlah Pekerja Bukan Penerima Upah yang terlindungi mencapai 12.480.") == {12480: "pekerja bukan penerima upah"}


def test_coordinated_groups_keep_every_conjunct():
    assert groups("Pemkot mendaftarkan 350 pedagang dan petugas kebersihan pasar.") == {350: "pedagang dan petugas kebersihan pasar"}


def test_comma_coordinated_groups_keep_every_conjunct():
    assert groups("Iuran 420 imam, guru mengaji dan marbot dibayar pemerintah desa.") == {420: "imam, guru mengaji dan marbot"}


def test_count_followed_by_companies_does_not_join_them_to_the_group():
    assert groups("Sebanyak 500 pekerja dan 20 perusahaan sudah terdaftar.") == {500: "pekerja"}


@pytest.mark.parametrize(
    "text",
    ["Tingkat hunian hotel di Labuan Bajo mencapai 78 persen selama libur panjang.",
     "Okupansi kamar naik menjadi 65 persen.",
     "Angka kecelakaan kerja di kawasan industri itu turun 12 persen.",
     "Manfaat JKP diberikan sebesar 45 persen dari upah selama tiga bulan pertama.",
     "Kepesertaan naik 15 persen dibanding tahun lalu.",
     "Inflasi bulanan tercatat 0,4 persen.",
     "Pasangan itu meraih 52,3 persen suara."],
)
def test_percentages_not_about_coverage_are_left_out(text):
    assert percentages(text) == {}


def test_coverage_rate_reached_after_a_rise_is_kept():
    assert percentages("Cakupan kepesertaan pekerja meningkat menjadi 48 persen.") == {48.0: "coverage"}


def test_share_of_compliant_companies_is_other():
    assert percentages("Sebanyak 82 persen perusahaan di Batam patuh mendaftarkan pekerjanya.") == {82.0: "other"}


def test_cashed_out_jht_money_is_a_benefit():
    assert budgets("Ribuan peserta mencairkan JHT dengan nilai total Rp 14,2 miliar.") == {14_200_000_000: "benefit"}


def test_pencairan_money_is_a_benefit():
    assert budgets("Pencairan JKP bulan lalu mencapai Rp 860 juta.") == {860_000_000: "benefit"}


def test_targetnya_in_its_own_sentence_counts_the_people_named_before():
    text = "Tahun ini pekerja rentan yang terdaftar baru 3.200 orang. Targetnya 5 ribu."
    assert counts(text) == {3200: "protected", 5000: "target"}


def test_reported_count_that_a_share_refers_back_to_is_the_total():
    text = "Di Kabupaten Ende tercatat 81.240 pekerja informal, 20.100 di antaranya sudah terdaftar."
    assert counts(text) == {81240: "total", 20100: "protected"}


def test_registered_count_keeps_its_status_when_a_share_follows():
    assert counts("Sebanyak 5.000 pekerja sudah terdaftar, 3.000 di antaranya pekerja rentan.")[5000] == "protected"


def test_group_stops_before_senilai():
    assert groups("Klaim JHT dibayarkan kepada 3.400 peserta senilai Rp 52 miliar.") == {3400: "peserta"}


def test_decimal_comma_does_not_cut_the_clause_of_a_percentage():
    assert percentages("Partai itu meraih 41,7 persen suara di dapil tersebut.") == {}


def test_monthly_jkp_cash_is_a_benefit_not_a_contribution():
    assert budgets("Peserta JKP menerima uang tunai Rp 2,5 juta per bulan selama enam bulan.") == {2_500_000: "benefit"}


def test_spelled_count_before_reduplicated_people_noun_is_read():
    assert groups("Camat menyerahkan santunan kepada seratus ibu-ibu penjual sayur.") == {100: "ibu-ibu penjual sayur"}


def test_spelled_thousands_open_a_sentence():
    assert counts("Tiga ribu buruh bangunan mengikuti sosialisasi itu.") == {3000: "participant"}


def test_every_part_of_a_decimal_million_breakdown_is_kept():
    text = ("Angkatan kerja provinsi itu 7,2 juta orang, terdiri atas 3,1 juta pekerja perdagangan, "
            "2,6 juta pekerja tani dan 1,5 juta pekerja industri.")
    assert counts(text) == {7_200_000: "total", 3_100_000: "total", 2_600_000: "total", 1_500_000: "total"}


@pytest.mark.parametrize(
    "text",
    ["Untuk pengaduan peserta, hubungi call center 175.",
     "Keluhan soal kepesertaan bisa disampaikan lewat layanan 1500 910.",
     "Hujan deras membuat 2.400 jiwa mengungsi ke gedung sekolah.",
     "Pemkab mendata 860 warga terdampak longsor di dua kecamatan.",
     "Tabrakan bus di jalan lintas itu menewaskan 7 orang penumpang.",
     "Ledakan tungku smelter membuat 12 pekerja luka-luka.",
     "Kasus terungkap setelah empat korban yang sudah diberangkatkan ke Batam ditelantarkan.",
     "Kebutuhan anggota KPPS di kabupaten itu tujuh orang per TPS.",
     "Seluruh 24 puskesmas di kota itu sudah bekerja sama dengan BPJS Kesehatan dan melayani peserta JKN."],
)
def test_phone_numbers_and_disaster_victims_are_not_worker_counts(text):
    assert counts(text) == {}


@pytest.mark.parametrize("text", [
    "Banjir merendam 1.250 rumah di Sampang. Kepala Pelaksana BPBD Sampang mengatakan 4.300 jiwa terdampak.",
    "Jumlah penumpang kapal pada puncak arus mudik diperkirakan mencapai 42.000 orang.",
])
def test_bare_people_counts_outside_social_security_news_are_residents_not_workers(text):
    assert counts(text) == {}


def test_residents_registered_in_jkn_are_members_and_the_population_is_not_a_count():
    text = "Dari 942.150 penduduk, sebanyak 929.900 jiwa sudah terdaftar sebagai peserta JKN."
    assert counts(text) == {929900: "protected"}


def test_laid_off_workers_named_victims_of_layoffs_are_counted():
    assert counts("Sebanyak 250 korban PHK sudah menerima manfaat JKP.") == {250: "beneficiary"}


def test_bare_people_count_in_a_social_security_article_stays_a_count():
    text = ("BPJS Ketenagakerjaan Sidoarjo membayar manfaat JKP kepada 912 orang.\n"
            "\"Yang belum mengajukan masih ada sekitar 364 orang,\" ujarnya.")
    assert 364 in counts(text)


def test_laid_off_whole_stays_other_when_only_a_share_is_paid():
    text = "Sebanyak 1.800 buruh terkena PHK, dan 700 di antaranya sudah menerima manfaat JKP."
    assert counts(text) == {1800: "other", 700: "beneficiary"}


@pytest.mark.parametrize("sentence, value, status", [
    ("Tahun depan 3.500 nelayan akan didaftarkan dalam program JKK dan JKM.", 3500, "target"),
    ("Sebanyak 2.000 buruh tani akan kami lindungi melalui APBD Perubahan.", 2000, "target"),
    ("Sekitar 1.200 pekerja rentan akan mendapatkan jaminan sosial mulai Juli.", 1200, "target"),
    ("Sebanyak 75 petugas lapangan akan turun ke desa-desa mulai pekan depan.", 75, "other"),
    ("Data 4.600 pekerja itu akan diverifikasi ulang oleh kepala desa.", 4600, "other"),
    ("Masih ada 9.800 pekerja lagi yang harus terlindungi tahun ini.", 9800, "target"),
    ("Tahun depan pemkab akan mendaftarkan 2.000 nelayan menjadi peserta BPJS Ketenagakerjaan.", 2000, "target"),
    ("Skema iuran BPJS Ketenagakerjaan dari APBD itu akan menyasar 4.500 pekerja rentan.", 4500, "target"),
    ("Tahun ini kuota peserta BPJS Ketenagakerjaan dari APBD kota 6.000 pekerja rentan.", 6000, "target"),
])
def test_the_future_is_a_target_only_when_it_is_about_joining(sentence, value, status):
    assert counts(sentence) == {value: status}


@pytest.mark.parametrize("sentence, value, status", [
    ("Di kota itu baru 18.500 orang pekerja yang memiliki perlindungan jaminan sosial.", 18500, "protected"),
    ("Sebanyak 900 pekerja rentan di kabupaten itu tidak memiliki jaminan sosial ketenagakerjaan.", 900, "unprotected"),
    ("Masih ada 40 ribu pekerja yang belum memiliki jaminan sosial ketenagakerjaan.", 40000, "unprotected"),
])
def test_having_or_lacking_protection_says_the_status(sentence, value, status):
    assert counts(sentence) == {value: status}


@pytest.mark.parametrize("sentence, value, status", [
    ("Pemkab tahun ini mengalokasikan Rp 4,1 miliar untuk membayar iuran 20.350 pekerja rentan.", 20350, "protected"),
    ("Pemkot menganggarkan Rp 75 miliar guna membayar iuran 178.600 pekerja informal.", 178600, "protected"),
    ("Pemkab menganggarkan penambahan kuota bagi 5.000 pekerja rentan tahun depan.", 5000, "target"),
])
def test_money_allocated_to_pay_contributions_protects_the_people_named(sentence, value, status):
    assert counts(sentence) == {value: status}


@pytest.mark.parametrize("sentence, value, status", [
    ("Jumlah nelayan yang tercatat di dinas perikanan mencapai 5.400 orang.", 5400, "total"),
    ("Pemprov harus menanggung gaji 3.900 tenaga honorer tahun ini.", 3900, "other"),
    ("Sebanyak 5.400 nelayan tercatat sebagai peserta BPJS Ketenagakerjaan.", 5400, "protected"),
    ("Pemkab menanggung iuran BPJS Ketenagakerjaan bagi 3.900 pekerja rentan.", 3900, "protected"),
])
def test_registers_and_payments_protect_only_where_social_security_is_spoken_of(sentence, value, status):
    assert counts(sentence) == {value: status}


def test_expected_claimants_are_other_not_target():
    assert counts("Sekitar 650 peserta diperkirakan akan mengajukan klaim JHT tahun depan.") == {650: "other"}


def test_recipients_of_a_given_benefit_are_beneficiaries():
    assert counts("Bantuan subsidi upah diberikan kepada 42.500 pekerja di provinsi ini.") == {42500: "beneficiary"}


def test_handing_membership_cards_to_workers_registers_them():
    assert counts("Kartu peserta diserahkan kepada 300 nelayan.") == {300: "protected"}


def test_existential_ada_states_a_whole_population():
    assert counts("Menurut dinas perhubungan, ada sekitar 3,8 ribu sopir angkot di kota ini.") == {3800: "total"}


def test_terdapat_population_with_a_later_unprotected_share_is_total():
    assert counts("Di kecamatan itu terdapat 12 ribu orang nelayan, sebagian besar belum terlindungi.") == {12000: "total"}


def test_ada_yields_to_a_status_verb_in_the_clause():
    assert counts("Ada 940 petani yang sudah dilindungi.") == {940: "protected"}


def test_numbered_list_items_take_the_kind_from_the_lead_line():
    text = ("Selama semester ini klaim yang dibayarkan sebagai berikut:\n"
            "1. JHT: Rp 8,2 miliar\n2. JKK: Rp 1,4 miliar\n- JKM sebesar Rp 960 juta")
    assert budgets(text) == {8_200_000_000: "benefit", 1_400_000_000: "benefit", 960_000_000: "benefit"}


def test_contribution_paid_from_a_village_fund_is_a_contribution_with_source():
    analysis = analyse("Iuran para kader posyandu sebesar Rp 16.800 per orang dibayar dari APBDes.", None, None)
    assert [(b.kind, b.source) for b in find_budgets(analysis)] == [("contribution", "APBDes")]


def test_money_from_a_fund_without_other_kind_is_a_budget():
    assert budgets("Pemkab menyiapkan Rp 750 juta dari APBD.") == {750_000_000: "budget"}


def test_source_named_earlier_in_the_paragraph_carries_over():
    text = "Pemerintah desa memakai APBDes untuk melindungi perangkatnya. Totalnya Rp 38 juta setahun."
    assert [b.source for b in find_budgets(analyse(text, None, None))] == ["APBDes"]


def test_source_does_not_carry_over_from_another_paragraph():
    text = "Pemerintah desa memakai APBDes untuk melindungi perangkatnya.\nTotalnya Rp 38 juta setahun."
    assert [b.source for b in find_budgets(analyse(text, None, None))] == [None]


def test_benefit_does_not_inherit_the_fund_of_an_earlier_sentence():
    text = "Pemkot membayar iuran nelayan dari APBD. Bulan lalu BPJS Ketenagakerjaan membayarkan santunan Rp 70 juta."
    assert [(b.kind, b.source) for b in find_budgets(analyse(text, None, None))] == [("benefit", None)]


def test_fronted_dari_phrase_gives_the_sector_of_a_later_share():
    assert percentages("Dari pekerja informal, yang terlindungi baru sekitar 11 persen.") == {11.0: "informal_coverage"}


def test_coordinated_people_nouns_stay_one_group():
    assert groups("Sebanyak 175 seniman dan perajin sudah terdaftar.") == {175: "seniman dan perajin"}


def test_group_stops_before_peserta():
    assert groups("Ada 820 pekerja perkebunan peserta BPJS Ketenagakerjaan menerima santunan.") == {820: "pekerja perkebunan"}


def test_laid_off_subject_whose_predicate_pays_jht_is_beneficiary():
    assert counts("Sebanyak 430 karyawan yang terkena PHK tahun lalu, telah mencairkan JHT.") == {430: "beneficiary"}


def test_recipients_of_distributed_aid_are_beneficiaries():
    assert counts("Dinas sosial menyalurkan bantuan kepada 2.750 pekerja harian.") == {2750: "beneficiary"}


def test_fronted_sector_after_a_connective_gives_the_sector():
    assert percentages("Sementara untuk sektor informal, cakupannya baru 14 persen.") == {14.0: "informal_coverage"}


def test_korban_phk_is_a_count_of_laid_off_people():
    assert counts("Pemerintah kota mencatat 310 korban PHK sepanjang tahun ini.") == {310: "other"}


def test_korban_kecelakaan_kerja_are_beneficiaries():
    assert counts("Sepanjang tahun lalu ada 57 korban kecelakaan kerja di kawasan industri itu.") == {57: "beneficiary"}


def test_spelled_share_di_antaranya_counts_people_of_the_sentence_before():
    found = counts("Ledakan di gudang itu melukai 14 pekerja. Tiga di antaranya meninggal dunia.")
    assert found[3] == "other"


def test_di_antaranya_after_a_count_of_companies_is_not_a_worker_count():
    assert 2 not in counts("Dinas memeriksa 12 perusahaan di kawasan itu. Dua di antaranya ditutup sementara.")


def test_first_number_of_x_dari_y_counts_the_registered_share():
    found = counts("PT Sinar Abadi baru mendaftarkan 260 dari 1.540 karyawannya ke BPJS Ketenagakerjaan.")
    assert found == {260: "protected", 1540: "total"}


def test_children_of_deceased_members_are_heirs_not_workers():
    assert counts("Tahun ini 38 anak peserta yang meninggal dunia menerima beasiswa pendidikan.") == {}


def test_table_total_row_takes_the_status_of_its_header():
    page = ("Rekap peserta terdaftar per kecamatan tahun 2024:\nKecamatan Utara : 4.210\n"
            "Kecamatan Selatan : 3.115\nJumlah : 7.325\n\nBupati meminta camat terus mendorong warga.")
    assert counts(page)[7325] == "protected"


def test_semuanya_sudah_terdaftar_makes_the_count_protected():
    assert counts("Di desa itu ada 845 perangkat desa dan semuanya sudah terdaftar.") == {845: "protected"}


def test_people_who_died_are_not_protected():
    assert counts("Sepanjang tahun lalu tercatat 97 PMI yang meninggal di luar negeri.") == {97: "other"}


def test_returning_to_work_after_an_accident_is_a_benefit():
    found = counts("Lewat program itu, 1.830 peserta berhasil kembali bekerja setelah mengalami cedera.")
    assert found == {1830: "beneficiary"}


def test_paying_their_contributions_protects_them():
    assert counts("Pemkab menanggung iuran jaminan sosial bagi 2.750 kader posyandu.") == {2750: "protected"}


def test_iurannya_with_clitic_is_a_contribution():
    assert budgets("Iurannya Rp370 ribu untuk setahun.") == {370000: "contribution"}


def test_hyphenated_iuran_nya_is_a_contribution():
    assert budgets("Bagi 500 pekerja itu, iuran-nya mencapai Rp 8 juta.") == {8000000: "contribution"}


def test_csr_money_funding_a_program_is_a_budget_from_csr():
    found = find_budgets(analyse("Program itu ditopang dana CSR dari PT Bumi Jaya sebesar Rp 250 juta.", None, None))
    assert [(b.kind, b.source) for b in found] == [("budget", "CSR")]


def test_contribution_rate_percentage_is_other():
    assert percentages("Pekerja jasa konstruksi membayar iuran 0,24 persen dari nilai kontrak.") == {0.24: "other"}


def test_share_without_a_membership_cue_is_other():
    text = "Dari ribuan pekerja migran asal daerah itu, 58 persen di antaranya berangkat tanpa dokumen resmi."
    assert percentages(text) == {58.0: "other"}


def test_share_in_a_membership_sentence_stays_coverage():
    assert percentages("Cakupan kepesertaan pekerja di kabupaten itu baru 31 persen.") == {31.0: "coverage"}


def test_bare_share_after_a_membership_sentence_is_coverage():
    text = "Baru 4.100 nelayan yang menjadi peserta BPJS Ketenagakerjaan. Itu baru 22,5 persen."
    assert percentages(text) == {22.5: "coverage"}


def test_an_suffix_count_is_a_worker_count():
    assert counts("Tahun ini sudah 7.000an pekerja informal di Kabupaten Bima terdaftar.") == {7000: "protected"}


def test_seribu_pencari_kerja_is_a_count_of_job_seekers():
    assert groups("Sebanyak seribu pencari kerja ikut bursa kerja di Kota Kupang.") == {1000: "pencari kerja"}


def test_hampir_setengah_juta_orang_is_half_a_million():
    assert counts("Hampir setengah juta orang pekerja belum terdaftar sebagai peserta.") == {500000: "unprotected"}


def test_count_after_menanggung_iuran_is_protected():
    assert counts("Pemerintah desa menanggung iuran 14 ribu buruh tani.") == {14000: "protected"}


def test_bare_number_after_counted_companies_is_not_a_worker_count():
    text = "Dari 214 perusahaan di Kabupaten Ngada yang mempekerjakan buruh, baru 131 yang patuh mendaftarkan pekerjanya."
    assert counts(text) == {}


def test_bare_number_after_counted_workers_still_counts():
    text = "Di Kabupaten Ngada ada 214 perusahaan dengan 5.400 pekerja, tetapi baru 3.100 yang terdaftar."
    assert counts(text)[3100] == "protected"


def test_people_starting_to_receive_jkp_are_beneficiaries():
    assert counts("Sebanyak 640 pekerja mulai menerima manfaat JKP bulan ini.") == {640: "beneficiary"}


def test_group_stops_before_mulai():
    assert groups("Sebanyak 640 pekerja mulai menerima manfaat JKP bulan ini.") == {640: "pekerja"}


def test_workers_sent_home_are_other():
    assert counts("Sebanyak 390 pekerja pabrik diliburkan sejak Januari.") == {390: "other"}


def test_mulai_dari_opens_a_plan_and_is_a_target():
    assert counts("Kami mulai dari 2.500 pekerja rentan dulu, baru menyusul yang lain.") == {2500: "target"}


def test_paying_contributions_for_people_protects_them_despite_untuk():
    assert counts("Pemkab menyiapkan dana untuk membayar iuran 3.800 pekerja rentan.") == {3800: "protected"}


def test_lebih_after_a_count_is_not_its_group():
    assert groups("Jumlah peserta kini mencapai 42 ribu lebih.") == {42000: "peserta"}


def test_group_stops_before_lagi():
    assert groups("Sebanyak 900 petani lagi akan didaftarkan.") == {900: "petani"}


def test_contribution_rate_below_one_percent_is_other():
    assert percentages("Iuran JKP sebesar 0,46 persen dari upah ditanggung pemerintah.") == {0.46: "other"}


def test_wage_growth_stays_excluded():
    assert percentages("Upah naik 6 persen tahun ini.") == {}


def test_berstatus_aktif_share_is_active():
    assert percentages("Dari 12.000 peserta terdaftar, 76 persen berstatus aktif.") == {76.0: "active"}


def test_cakupannya_share_is_coverage():
    assert percentages("Cakupannya masih 38,7 persen.") == {38.7: "coverage"}


def test_bulk_apbd_money_for_contributions_is_a_budget():
    assert budgets("Pemprov menyiapkan Rp 9,4 miliar melalui APBD 2026 untuk bantuan iuran pekerja rentan.") == {
        9_400_000_000: "budget"}


def test_monthly_iuran_paid_from_apbdes_stays_a_contribution():
    assert budgets("Iuran sebesar Rp 16.800 per bulan dibayar dari APBDes.") == {16800: "contribution"}


def sources(text: str) -> dict[int, str | None]:
    return {b.amount_idr: b.source for b in find_budgets(analyse(text, None, None))}


def groups(text: str) -> dict[int, str]:
    return {c.value: c.group for c in find_worker_counts(analyse(text, None, None))}


def test_share_of_claims_done_through_an_app_is_no_percentage():
    assert percentages("Pengajuan klaim JHT di kantor cabang itu, 75 persen dilakukan lewat aplikasi.") == {}


def test_share_of_claims_processed_online_is_no_percentage():
    assert percentages("Klaim peserta di wilayah ini sebanyak 68 persen diproses secara daring.") == {}


def test_each_share_takes_the_sector_named_next_to_it():
    assert percentages("Cakupan kepesertaan PU sudah 77 persen, sedangkan BPU baru 12,5 persen.") == {
        77.0: "formal_coverage", 12.5: "informal_coverage"}


def test_telah_dilindungi_after_the_count_beats_an_earlier_purpose():
    text = "Pemkab menganggarkan dana untuk 4.500 pekerja rentan yang kini telah dilindungi."
    assert counts(text) == {4500: "protected"}


def test_diterima_oleh_makes_the_people_beneficiaries():
    assert counts("Manfaat itu diterima oleh 430 peserta yang terkena PHK.") == {430: "beneficiary"}


def test_monthly_amount_in_an_iuran_paragraph_is_a_contribution():
    text = "Iuran bagi pekerja bukan penerima upah terjangkau. Mulai Rp16.800 sebulan sudah terlindungi."
    assert budgets(text) == {16800: "contribution"}


def test_yearly_premium_of_a_group_is_a_contribution():
    assert budgets("Untuk 20 nelayan, premi yang dibayar desa Rp4.032.000 setahun.") == {4032000: "contribution"}


def test_spelled_out_rupiah_amount_is_read():
    assert budgets("Iuran untuk kelompok tani itu dibayar empat juta rupiah.") == {4_000_000: "contribution"}


def test_csr_money_paying_iuran_is_a_contribution():
    text = "Perusahaan menyalurkan dana CSR sebesar Rp150 juta untuk membayar iuran pekerja rentan."
    assert budgets(text) == {150_000_000: "contribution"}


def test_fund_of_the_previous_sentence_does_not_attach_to_unrelated_money():
    text = "Pemkab menyiapkan APBD untuk festival itu. Selama festival, perputaran uang mencapai Rp 3 miliar."
    assert sources(text) == {3_000_000_000: None}


def test_fund_in_the_amounts_own_clause_beats_one_later_in_the_sentence():
    text = "Desa mengalokasikan Rp50 juta dari APBDes, sementara pusat menyalurkan APBN untuk program lain."
    assert sources(text) == {50_000_000: "APBDes"}


def test_dana_tersebut_carries_the_fund_of_the_sentence_before():
    text = "Desa mengalokasikan APBDes untuk perlindungan pekerja. Dana tersebut sebesar Rp80 juta."
    assert sources(text) == {80_000_000: "APBDes"}


def test_group_stops_before_an_adverb():
    assert groups("Sebanyak 120 pedagang langsung didaftarkan sebagai peserta.") == {120: "pedagang"}


def test_coordinated_trader_groups_are_kept_whole():
    text = "Sebanyak 300 pelaku UMKM dan pedagang kaki lima telah terdaftar."
    assert groups(text) == {300: "pelaku umkm dan pedagang kaki lima"}


def test_sector_before_a_parenthesised_abbreviation_still_governs_the_share():
    text = "Kepesertaan pekerja penerima upah (PU) mencapai 81 persen, sedangkan bukan penerima upah (BPU) baru 14 persen."
    assert percentages(text) == {81.0: "formal_coverage", 14.0: "informal_coverage"}


def test_sementara_without_comma_starts_a_new_subject():
    assert percentages("Kepesertaan PU sudah 81 persen sementara BPU baru 14,2 persen.") == {
        81.0: "formal_coverage", 14.2: "informal_coverage"}


def kinds(text: str) -> dict[int, str]:
    return {b.amount_idr: b.kind for b in find_budgets(analyse(text, None, None))}


@pytest.mark.parametrize("sentence, amount, kind", [
    ("Total iuran yang dihimpun dari APBDes untuk para petani itu mencapai Rp 245.000.000 per tahun.",
     245_000_000, "contribution"),
    ("Iuran mereka dibayar dari APBDes masing-masing desa dengan total Rp 870 juta per tahun.", 870_000_000, "contribution"),
    ("Iuran itu dibayar dari APBD 2025 sebesar Rp 640 juta.", 640_000_000, "budget"),
    ("Total dana iuran yang dianggarkan pemkab tahun ini sebesar Rp 150 juta.", 150_000_000, "budget"),
])
def test_an_amount_whose_subject_is_the_fee_is_a_contribution_and_a_funds_amount_a_budget(sentence, amount, kind):
    assert kinds(sentence) == {amount: kind}


@pytest.mark.parametrize("sentence, amount, kind", [
    ("Pendapatan daerah tahun depan diproyeksikan sebesar Rp 1,7 triliun.", 1_700_000_000_000, "budget"),
    ("Belanja daerah direncanakan Rp 1,76 triliun, kata Sekda.", 1_760_000_000_000, "budget"),
    ("Provinsi itu menerima dana otonomi khusus sebesar Rp 1,06 triliun.", 1_060_000_000_000, "budget"),
    ("Jaksa menyebut kerugian negara sebesar Rp 1,27 miliar dari proyek jalan itu.", 1_270_000_000, "other"),
    ("Ahli waris korban menerima santunan Rp 15 juta per orang dari pemkab.", 15_000_000, "benefit"),
    ("Korban banjir yang rumahnya rusak berat mendapat bantuan stimulan Rp 40 juta.", 40_000_000, "other"),
    ("Bantuan senilai Rp 3,2 miliar dari APBN itu dibagikan kepada kelompok tani.", 3_200_000_000, "budget"),
    ("Ahli waris peserta BPJS Ketenagakerjaan mendapat bantuan Rp 42 juta.", 42_000_000, "benefit"),
    ("Dana tanggap darurat yang disetujui Rp 2,5 miliar untuk perbaikan tanggul.", 2_500_000_000, "budget"),
    ("Jaksa menahan kepala desa atas dugaan korupsi dana desa senilai Rp 780 juta.", 780_000_000, "other"),
    ("Tersangka diduga menyelewengkan anggaran pembangunan jalan sebesar Rp 1,2 miliar.", 1_200_000_000, "other"),
    ("PAD Kota Batam tahun ini ditargetkan Rp 1,4 triliun, kata Kepala Bapenda.", 1_400_000_000_000, "budget"),
    ("Pendapatan pedagang di pasar itu mencapai Rp 45 juta setiap hari, kata dia.", 45_000_000, "other"),
    ("Setiap pengawas TPS menerima honor Rp 750.000 dan dilindungi BPJS Ketenagakerjaan.", 750_000, "other"),
    ("Iuran sebesar Rp 16.800 per orang per bulan dibayarkan dari dana hibah pemkab.", 16_800, "contribution"),
    ("Sektor pertanian mendapat porsi Rp 186,4 miliar atau 6,1 persen dari total belanja.", 186_400_000_000, "budget"),
    ("Direktur rumah sakit mengatakan anggaran insentif sebesar Rp 2,3 miliar baru cair pekan depan.",
     2_300_000_000, "budget"),
    ("Pemkab Sintang menyiapkan Rp 1,9 miliar untuk pengadaan pompa air dan logistik banjir.", 1_900_000_000, "budget"),
    ("Retribusi parkir yang masuk ke kas daerah hingga Oktober mencapai Rp 6,2 miliar.", 6_200_000_000, "budget"),
    ("Penerimaan negara bukan pajak dari pelabuhan itu tahun ini sudah Rp 3,1 miliar.", 3_100_000_000, "budget"),
])
def test_government_lines_state_losses_and_payouts_get_their_kind(sentence: str, amount: int, kind: str):
    assert kinds(sentence) == {amount: kind}


@pytest.mark.parametrize("sentence, amounts", [
    ("Dana desa yang digunakan mencapai 500 juta untuk membayar iuran perangkat desa.", [500_000_000]),
    ("Santunan kematian 42 juta diserahkan kepada ahli waris.", [42_000_000]),
    ("Sepanjang tahun ini klaim mencapai 2 juta kasus.", []),
])
def test_millions_without_rp_are_money_only_when_a_money_word_claims_them(sentence, amounts):
    assert list(kinds(sentence)) == amounts


def test_people_counted_outside_social_security_without_a_cue_are_other():
    text = "Pemkab mengangkat guru baru.\nSebanyak 3.214 guru honorer mengajar di sekolah negeri, kata Kepala Dinas Pendidikan."
    assert counts(text) == {3214: "other"}


def test_billions_without_rp_are_rupiah():
    assert kinds("Untuk jaminan hari tua, total klaim yang dibayarkan mencapai 219 miliar.") == {219_000_000_000: "benefit"}


@pytest.mark.parametrize("sentence", [
    "Tahun depan cakupan kepesertaan ditargetkan 60 persen.",
    "Provinsi itu dibebankan untuk bisa mencapai coverage jaminan sosial 32,6 persen.",
    "Sementara pekerja yang belum terlindungi masih 95,8 persen.",
    "Kami masih jauh dari target tahun ini, yaitu 35 persen pekerja informal terlindungi BPJS Ketenagakerjaan.",
    "Dengan tambahan peserta itu, cakupan kepesertaan di kabupaten ini akan naik menjadi sekitar 27 persen.",
    "Cakupan jaminan sosial ketenagakerjaan di kota itu diperkirakan mencapai 41 persen akhir tahun.",
])
def test_a_target_share_or_the_share_still_uncovered_is_other(sentence: str):
    assert set(percentages(sentence).values()) == {"other"}


def test_the_share_reached_so_far_after_a_target_is_coverage():
    text = "Pemprov menargetkan cakupan kepesertaan mencapai 45 persen pada 2026 dari posisi saat ini 32,4 persen."
    assert percentages(text) == {45.0: "other", 32.4: "coverage"}


def test_a_sentence_continuing_a_list_of_shares_takes_its_subject():
    text = ("Cakupan kepesertaan terendah berada di Kabupaten Ngada 11,2 persen dan Kabupaten Ende 14,5 persen.\n\n"
            "Selanjutnya, Kabupaten Sikka 20,1 persen dan Kabupaten Flores Timur 22,4 persen.")
    assert percentages(text) == {11.2: "coverage", 14.5: "coverage", 20.1: "coverage", 22.4: "coverage"}


def test_a_share_continuing_another_in_its_sentence_takes_its_subject():
    text = "Di Kabupaten Sleman, baru 32 persen pekerja informal yang terdaftar, sedangkan di Kota Yogyakarta sudah 45 persen."
    assert percentages(text) == {32.0: "informal_coverage", 45.0: "informal_coverage"}


def test_a_share_whose_clause_says_something_else_keeps_its_own_subject():
    text = ("Coverage PU sudah 96,92 persen, kami mengapresiasi komitmen Pemkab yang sudah mendaftarkan "
            "100 persen non-ASN sebanyak 540 tenaga kerja.")
    assert percentages(text)[100.0] != "formal_coverage"


@pytest.mark.parametrize("sentence", [
    "Dari jumlah itu, pemilih pemula tercatat 31.402 orang, kata Ketua KPU.",
    "Polisi mengatakan empat kurir ditangkap dalam operasi tersebut.",
    "Dari jumlah mahasiswa itu, 6.900 orang merupakan penerima beasiswa.",
])
def test_voters_suspects_and_students_are_no_worker_counts(sentence: str):
    assert counts(sentence) == {}


@pytest.mark.parametrize("sentence, value", [
    ("Universitas itu memiliki 1.420 dosen tetap.", 1420),
    ("Pembangunan melibatkan 350 tukang bangunan lokal.", 350),
    ("Dinas menurunkan 64 penyuluh pertanian ke desa.", 64),
])
def test_people_of_other_trades_are_worker_counts(sentence: str, value: int):
    assert list(counts(sentence)) == [value]


def test_people_named_after_a_copula_are_counted():
    text = "BPJS Ketenagakerjaan mendaftarkan nelayan.\nSebanyak 31.000 merupakan nelayan, sedangkan 10.000 lainnya adalah petani."
    assert set(counts(text)) == {31000, 10000}


def test_an_amount_after_pembayaran_is_money_not_people():
    text = "BPJS Ketenagakerjaan membiayai 217 anak penerima beasiswa, dengan total pembayaran 800 juta."
    assert kinds(text) == {800_000_000: "benefit"}


@pytest.mark.parametrize("sentence, kind", [
    # a monthly amount is an iuran where social security is spoken of …
    ("Iuran BPJS Ketenagakerjaan pekerja rentan dibayar Rp 16.800 per bulan.", "contribution"),
    # … and elsewhere a payout, wage or price told by its other words
    ("Keluarga miskin menerima bantuan langsung tunai Rp 300.000 per bulan.", "benefit"),
    ("Para kurir dijanjikan upah Rp 50 juta per orang oleh bandar narkoba.", "other"),
    # what the insurer has paid out is a benefit
    ("Total klaim jaminan hari tua yang kami bayarkan hingga September mencapai Rp 219 miliar.", "benefit"),
])
def test_a_per_period_amount_is_a_contribution_only_where_social_security_is_spoken_of(sentence, kind):
    assert [b.kind for b in find_budgets(analyse(sentence, None, None))] == [kind]


def test_the_earlier_value_of_a_rising_count_keeps_the_status_of_the_count():
    sentence = "Jumlah pekerja yang terdaftar BPJS Ketenagakerjaan mencapai 14.110 orang, meningkat dari 11.300 pekerja."
    assert {c.value: c.status for c in find_worker_counts(analyse(sentence, None, None))} == {
        14110: "protected", 11300: "protected"}


def test_the_parts_of_a_count_broken_down_in_the_next_sentence_share_its_status():
    text = ("Terdapat sekitar 182.484 orang yang tergolong nelayan. "
            "Rinciannya, 171.810 merupakan nelayan laut dan 10.670 orang merupakan pembudidaya ikan.")
    assert {c.value: c.status for c in find_worker_counts(analyse(text, None, None))} == {
        182484: "total", 171810: "total", 10670: "total"}


def test_a_sentence_opening_on_the_count_before_it_makes_that_count_the_whole():
    text = ("Dinas Tenaga Kerja mendata 25.000 pekerja informal di kota itu. "
            "Dari jumlah tersebut, baru 8.000 orang yang terdaftar BPJS Ketenagakerjaan.")
    assert counts(text) == {25000: "total", 8000: "protected"}
