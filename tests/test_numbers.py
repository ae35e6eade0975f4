"""The Indonesian number reader shared by every quantity rule."""

import pytest

from pipeline.numbers import find_numbers, parse_number, parse_numeral, parse_words


def test_dot_groups_thousands():
    assert parse_number("45.120") == 45120


def test_comma_is_decimal_before_a_scale_word():
    assert parse_number("2,7 juta") == 2_700_000


def test_ribu_multiplies_by_thousand():
    assert parse_number("75 ribu") == 75_000


def test_rupiah_with_miliar():
    assert parse_number("Rp3,25 miliar") == 3_250_000_000


def test_rupiah_with_dot_groups_and_space():
    assert parse_number("Rp 2.750.000") == 2_750_000


def test_triliun():
    assert parse_number("4,5 triliun") == 4_500_000_000_000


def test_milyar_spelling_reads_like_miliar():
    assert parse_number("Rp 7 milyar") == 7_000_000_000


def test_dot_before_one_digit_is_decimal_with_scale():
    assert parse_number("3.5 juta") == 3_500_000


def test_comma_before_three_digits_without_scale_groups_thousands():
    assert parse_numeral("48,210") == 48210


def test_comma_before_three_digits_with_scale_is_decimal():
    assert parse_number("Rp245,375 juta") == 245_375_000


@pytest.mark.parametrize(
    ("words", "value"),
    [("sembilan", 9), ("dua puluh", 20), ("seratus", 100), ("sebelas", 11), ("seribu", 1000),
     ("tujuh belas", 17), ("tiga ratus empat puluh", 340), ("dua puluh lima ribu", 25_000),
     ("satu juta", 1_000_000), ("seribu dua ratus", 1200)],
)
def test_spelled_numbers(words, value):
    assert parse_words(words) == value


def test_dangling_puluh_is_not_a_number():
    assert parse_words("puluh") is None


def test_money_keeps_rp_in_its_span():
    (number,) = find_numbers("Dana sebesar Rp12,5 miliar disiapkan.")
    assert (number.text, number.currency, number.value) == ("Rp12,5 miliar", True, 12_500_000_000)


def test_rupiah_suffix_marks_money():
    (number,) = find_numbers("Iurannya 36.800 rupiah setiap bulan.")
    assert number.currency and number.value == 36800


def test_trailing_comma_dash_is_left_out_of_money():
    (number,) = find_numbers("Rp.412.500,- diserahkan kemarin")
    assert number.text == "Rp.412.500"


def test_slash_dates_are_not_numbers():
    assert not find_numbers("Rabu (14/9/2022) di aula")


def test_clock_times_are_not_numbers():
    assert not find_numbers("dimulai pukul 09.30 WITA")


def test_digit_ranges_are_not_numbers():
    assert not find_numbers("berusia 18-60 tahun")


def test_bare_year_is_year_like():
    (number,) = find_numbers("pada 2024 lalu")
    assert number.is_year_like


def test_capital_m_after_rupiah_is_miliar():
    assert parse_number("Rp 4,7 M") == 4_700_000_000


def test_capital_m_glued_to_rupiah_is_miliar():
    assert [n.value for n in find_numbers("Dana cadangan Rp1,8 M disiapkan.")] == [1_800_000_000]


def test_jt_after_rupiah_is_juta():
    assert parse_number("Rp 640 jt") == 640_000_000


def test_capital_t_after_rupiah_is_triliun():
    assert parse_number("Rp 3,6 T") == 3_600_000_000_000


def test_capital_m_without_rupiah_is_not_a_scale():
    assert [n.value for n in find_numbers("Tinggi tanggul itu 2,5 M.")] == [2.5]


def test_decimal_millions_are_whole_numbers():
    assert parse_number("4,1 juta") == 4_100_000


def test_an_suffix_reads_as_the_approximate_number():
    assert [(n.value, n.text) for n in find_numbers("Kini ada 6.000an pekerja ojek di kota itu.")] == [(6000.0, "6.000an")]


def test_hyphenated_an_suffix_reads_as_the_number():
    assert [n.value for n in find_numbers("sekitar 2.500-an nelayan")] == [2500.0]


def test_setengah_juta_is_half_a_million():
    assert parse_number("setengah juta") == 500_000


def test_satu_setengah_juta_is_one_and_a_half_million():
    assert parse_number("satu setengah juta") == 1_500_000


def test_seribu_is_a_thousand():
    assert [n.value for n in find_numbers("seribu pencari kerja")] == [1000.0]


@pytest.mark.parametrize("text, ends", [
    ("Biaya pemeliharaan Rp 5 sampai 7 miliar per tahun.", [5e9, 7e9]),
    ("Nilai proyek diperkirakan Rp 10 hingga 12 triliun.", [10e12, 12e12]),
    ("Kebutuhan dana Rp 3 s.d. 4 miliar.", [3e9, 4e9]),
])
def test_a_money_range_in_words_takes_the_scale_of_its_upper_end(text, ends):
    assert [n.value for n in find_numbers(text)] == ends


def test_a_money_range_gives_both_ends_spanning_the_range():
    found = find_numbers("Nilai proyek Rp 80-90 miliar tahun ini.")
    assert [(n.value, n.text, n.currency) for n in found] == [(80e9, "Rp 80-90 miliar", True),
                                                              (90e9, "Rp 80-90 miliar", True)]


@pytest.mark.parametrize("text, value", [
    ("Dana desa 19 miliar 891 juta rupiah.", 19_891_000_000),
    ("Proyek itu menelan Rp 1 miliar 250 juta.", 1_250_000_000),
])
def test_a_scaled_amount_followed_by_a_smaller_scale_is_one_number(text: str, value: int):
    assert [n.value for n in find_numbers(text)] == [value]


def test_a_decimal_million_followed_by_thousands_stays_two_numbers():
    assert [n.value for n in find_numbers("Sebanyak 1,5 juta 200 ribu")] == [1_500_000, 200_000]


def test_a_number_word_inside_a_place_name_is_not_a_number():
    assert [n.value for n in find_numbers("Warga Kepulauan Seribu menerima seribu paket.")] == [1000]
    assert [n.start for n in find_numbers("Warga Kepulauan Seribu menerima seribu paket.")] == [32]
