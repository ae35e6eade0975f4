"""Placement: each worker count, budget and percentage carries the region it is about (ANNOTATION.md)."""

import pytest

from pipeline.nlp import analyse
from pipeline.rules import extract_facts


def regions_of(text: str) -> dict[float, str | None]:
    facts = extract_facts(analyse(text, None, None))
    return {n.value if hasattr(n, "value") else n.amount_idr: n.region
            for n in [*facts.worker_counts, *facts.budgets, *facts.percentages]}


@pytest.mark.parametrize("text, expected", [
    # the region named in the number's own clause
    ("Kupang (ANTARA) - Sebanyak 4.200 pekerja rentan di Kabupaten Ngada telah terdaftar BPJS Ketenagakerjaan.",
     {4200: "Kabupaten Ngada"}),
    # the place the number's own noun is at, even after a region named before it
    ("Program Pemprov Sulawesi Tenggara menyasar 8.000 nelayan di Kabupaten Konawe tahun ini.",
     {8000: "Kabupaten Konawe"}),
    ("Program Pemprov Sulawesi Tenggara menyasar 8.000 nelayan di Konawe dan Kolaka tahun ini.", {8000: None}),
    # numbers given respectively take the regions listed before them, in order
    ("Jumlah peserta di Kabupaten Belu dan Kabupaten Malaka masing-masing 8.200 orang dan 6.700 orang.",
     {8200: "Kabupaten Belu", 6700: "Kabupaten Malaka"}),
    # each item of a list takes the region named in it
    ("BPJS Ketenagakerjaan mencatat peserta baru, yaitu Kabupaten Ende sebanyak 1.200 pekerja, "
     "Sikka 900 pekerja dan Kabupaten Nagekeo 450 pekerja.",
     {1200: "Kabupaten Ende", 900: "Kabupaten Sikka", 450: "Kabupaten Nagekeo"}),
    # a regency named with its province is the regency
    ("Pemerintah Kabupaten Sumbawa, Nusa Tenggara Barat, melindungi 3.100 pekerja rentan lewat BPJS Ketenagakerjaan.",
     {3100: "Kabupaten Sumbawa"}),
    # also when the province follows with its abbreviation
    ("Bupati Lombok Timur, Provinsi Nusa Tenggara Barat (NTB) mengatakan peserta BPJS Ketenagakerjaan mencapai "
     "144.110 jiwa.", {144110: "Kabupaten Lombok Timur"}),
    # the place where a statement was made is no evidence; the speaker's office is
    ("\"Sudah 56 persen pekerja yang menjadi peserta BPJS Ketenagakerjaan,\" kata Kepala Cabang BPJS "
     "Ketenagakerjaan Maluku Utara Rudi Hartono di Ternate, Senin.",
     {56.0: "Provinsi Maluku Utara"}),
    # nor is the venue of an event with its city and day
    ("Kepala Kanwil BPJS Ketenagakerjaan Sumbagsel meluncurkan perlindungan 18.612 pekerja rentan Provinsi Lampung "
     "di Hotel Novotel, Bandar Lampung, Kamis (26/9/2024).", {18612: "Provinsi Lampung"}),
    # money is about the government that allocates it, not where it is spent
    ("Pemprov Jambi menganggarkan Rp 12 miliar untuk iuran BPJS Ketenagakerjaan pekerja rentan di Kabupaten Kerinci.",
     {12_000_000_000: "Provinsi Jambi"}),
    # the fund named in the amount's own clause comes before another government of the sentence
    ("Bupati Kepulauan Seribu, Ahmad Sutrisno, mengatakan proyek dengan anggaran Rp 18 miliar dari APBD DKI Jakarta "
     "itu selesai tahun ini.",
     {18_000_000_000: "Provinsi Daerah Khusus Ibukota Jakarta"}),
    # people are not about the payer of their contributions
    ("Pekerja rentan di Kabupaten Bungo terdaftar BPJS Ketenagakerjaan. Sebanyak 2.400 di antaranya iurannya "
     "ditanggung oleh Pemerintah Provinsi Jambi.",
     {2400: "Kabupaten Bungo"}),
    # also when the payer's name is long
    ("Di Kabupaten Penajam Paser Utara, 5.614 jiwa ditanggung pembayaran iurannya oleh Pemerintah Provinsi (Pemprov) "
     "Kalimantan Timur (Kaltim).", {5614: "Kabupaten Penajam Paser Utara"}),
    # a national figure or one of several regions has none
    ("Secara nasional, BPJS Ketenagakerjaan telah melindungi 41 juta pekerja.", {41_000_000: None}),
    ("Di Jawa Tengah peserta aktif 4,2 juta orang. Secara nasional, BPJS Ketenagakerjaan menargetkan 58 juta "
     "peserta aktif, sementara cakupan kepesertaan saat ini 40 persen.",
     {4_200_000: "Provinsi Jawa Tengah", 58_000_000: None, 40.0: None}),
    # but "Nasional" inside a name makes nothing national
    ("Cakupan kepesertaan Jaminan Kesehatan Nasional (JKN) di Kabupaten Bantul mencapai 99,2 persen.",
     {99.2: "Kabupaten Bantul"}),
    # and so has a figure about a list of regions named together
    ("Kementerian menyalurkan dana desa kepada Kabupaten Sikka, Ende dan Nagekeo senilai Rp 900 miliar.",
     {900_000_000_000: None}),
    ("Cakupan kepesertaan BPJS Ketenagakerjaan di Kabupaten Keerom dan Kabupaten Sarmi masih di bawah 20 persen.",
     {20.0: None}),
    # money from the state budget has none unless its sentence names where it goes
    ("Kota Palu menyiapkan lahan kampus.\nUntad menyalurkan beasiswa senilai Rp 48,3 miliar yang bersumber dari APBN.",
     {48_300_000_000: None}),
    ("Jembatan di Kota Pontianak senilai Rp 48 miliar dibangun dengan dana APBN.", {48_000_000_000: "Kota Pontianak"}),
    # a bare pemprov/pemkab refers back to the story's government of that level
    ("Banjir melanda Kabupaten Luwu, Sulawesi Selatan. Bupati Luwu menyalurkan bantuan.\n"
     "Selain itu, pemprov menyiapkan bantuan keuangan Rp 2 miliar untuk warga terdampak.",
     {2_000_000_000: "Provinsi Sulawesi Selatan"}),
    ("Inflasi Kalimantan Barat naik.\nPemprov menyiapkan Rp 3 miliar untuk operasi pasar, sedangkan revitalisasi "
     "pasar di Kota Pontianak menelan Rp 28 miliar.", {3_000_000_000: "Provinsi Kalimantan Barat",
                                                     28_000_000_000: "Kota Pontianak"}),
    # what someone said is about does not become the place they spoke at
    ("Kepala BPJS Kesehatan Cabang Lhokseumawe, Teuku Fadhil, menjelaskan cakupan kepesertaan JKN di Kabupaten "
     "Aceh Utara sudah mencapai 98,2 persen.", {98.2: "Kabupaten Aceh Utara"}),
    # what a scheme pays anyone has none
    ("Di Kota Bima, BPJS Ketenagakerjaan menjelaskan ahli waris peserta berhak mendapatkan santunan Rp 42 juta.",
     {42_000_000: None}),
    # nor a fine the law sets, nor what seized goods are worth
    ("Polres Kabupaten Jember menjerat tersangka dengan ancaman penjara paling lama lima tahun dan denda paling "
     "banyak Rp 500 juta.", {500_000_000: None}),
    ("Pengusaha di Kota Medan yang membayar di bawah UMK dapat dikenai pidana dan/atau denda Rp100 juta.",
     {100_000_000: None}),
    ("Di Kabupaten Asahan, polisi menyita 12 kilogram sabu. Barang bukti itu ditaksir bernilai Rp 12 miliar.",
     {12_000_000_000: None}),
    # a government's money stays its own where it is spent across its regencies
    ("Pemprov Jambi menganggarkan Rp 6,4 miliar untuk iuran pekerja rentan di seluruh kabupaten/kota.",
     {6_400_000_000: "Provinsi Jambi"}),
    ("Jambi (ANTARA) - Pemerintah Provinsi Jambi menambah penerima bantuan iuran. Tahun ini pemprov menyiapkan "
     "Rp 2,2 miliar untuk sebelas kabupaten/kota.", {2_200_000_000: "Provinsi Jambi"}),
    # a branch's figure for its own working area is the branch's region
    ("Kantor Cabang BPJS Ketenagakerjaan Kupang mencatat 41.000 pekerja rentan di wilayah kerjanya telah terlindungi.",
     {41_000: "Kota Kupang"}),
    # a number about an island or a macro-area has no region; a province named after the island keeps its own
    ("BPJS Ketenagakerjaan Cabang Balikpapan mencatat 2,1 juta pekerja di wilayah Kalimantan sudah terlindungi.",
     {2_100_000: None}),
    ("BPJS Ketenagakerjaan Cabang Balikpapan mencatat 2,1 juta pekerja di Kalimantan Timur sudah terlindungi.",
     {2_100_000: "Provinsi Kalimantan Timur"}),
])
def test_a_number_is_placed_on_the_region_it_is_about(text: str, expected: dict):
    assert regions_of(text) == expected


def test_a_number_without_a_region_in_its_sentence_takes_the_region_the_article_is_about():
    text = ("Kabupaten Alor terus memperluas perlindungan pekerja rentan lewat BPJS Ketenagakerjaan.\n"
            "Pemkab Alor menyiapkan iuran dari APBD.\nHingga kini 7.300 pekerja sudah terlindungi.")
    assert regions_of(text)[7300] == "Kabupaten Alor"


def test_a_province_written_after_its_regency_does_not_make_the_province_the_articles_region():
    text = ("Banjir bandang melanda Kabupaten Agam, Sumatera Barat, Jumat.\n"
            "Kerugian ditaksir Rp 25 miliar, kata kepala badan.\nPemprov Sumbar menetapkan status tanggap darurat.")
    assert regions_of(text) == {25_000_000_000: "Kabupaten Agam"}


def test_a_branch_whose_area_is_several_regencies_of_one_province_keeps_the_article_region():
    text = ("Kantor Cabang BPJS Ketenagakerjaan Palangka Raya mencatat capaian tahun ini.\n"
            "Wilayah kerjanya meliputi Kota Palangka Raya, Kabupaten Pulang Pisau dan Katingan.\n"
            "Peserta aktif: 142.380 tenaga kerja.\nKota Palangka Raya menjadi penyumbang terbesar.")
    assert regions_of(text) == {142380: "Kota Palangka Raya"}


def test_the_dateline_alone_places_no_number():
    assert regions_of("Mataram (ANTARA) - BPJS Ketenagakerjaan mencatat 9.000 pekerja terlindungi.") == {9000: None}


def test_an_outlet_named_after_the_dateline_city_places_no_number_either():
    assert regions_of("BLITAR, Radar Blitar – BPJS Ketenagakerjaan mencatat 9.000 pekerja terlindungi.") == {9000: None}


def test_an_office_whose_area_takes_in_several_regions_leaves_its_unplaced_figures_without_region():
    text = ("Wilayah kerja BPJS Ketenagakerjaan Maluku meliputi Provinsi Maluku dan Provinsi Maluku Utara.\n"
            "Kepala BPJS Ketenagakerjaan Maluku menyebut kepesertaan Provinsi Maluku terus naik.\n"
            "Hingga kini 52.000 pekerja sudah terlindungi.")
    assert regions_of(text)[52000] is None
