"""Event dates from weekday forms, with the year inferred as ANNOTATION.md says."""

from dataclasses import replace
from datetime import date

from pipeline.nlp import analyse
from pipeline.rules.dates import find_event_date, infer_date

TODAY = date(2026, 1, 15)


def event(text: str, published: str | None = None, fetched_at: str | None = TODAY.isoformat()) -> str | None:
    found = find_event_date(replace(analyse(text, published, None), fetched_at=fetched_at))
    return found.date if found else None


def test_weekday_with_full_slash_date():
    assert event("Acara digelar di Palu, Rabu (9/3/2022).") == "2022-03-09"


def test_year_comes_from_publication_date():
    assert event("Kegiatan berlangsung Jumat (14/3).", "2025-03-15") == "2025-03-14"


def test_day_after_publication_falls_in_the_year_before():
    assert event("Acara berlangsung Sabtu (28/12).", "2025-01-03") == "2024-12-28"


def test_without_publication_the_weekday_decides_the_year():
    assert event("Penyerahan kartu dilakukan Kamis (26/11).") == "2020-11-26"


def test_without_publication_the_year_counts_from_the_day_the_article_was_collected():
    assert event("Penyerahan kartu dilakukan Kamis (26/11).", fetched_at="2026-11-22T08:00:00+00:00") == "2020-11-26"
    assert event("Penyerahan kartu dilakukan Kamis (26/11).", fetched_at="2027-03-01") == "2026-11-26"


def test_without_publication_or_collection_day_a_yearless_date_is_not_guessed():
    assert event("Penyerahan kartu dilakukan Kamis (26/11).", fetched_at=None) is None


def test_day_month_without_weekday_or_publication_is_unknown():
    assert event("Laporan (26/11) itu dibahas.") is None


def test_weekday_range_takes_the_first_day():
    assert event("Penyerahan berlangsung Senin-Selasa (3-4/2/2025).") == "2025-02-03"


def test_weekday_with_written_month_and_year():
    assert event("Pertemuan di gedung DPRD, Kamis, 6 Februari 2025, berjalan lancar.") == "2025-02-06"


def test_written_date_without_year_uses_publication():
    assert event("Penyerahan dilakukan Jumat 7 Maret lalu.", "2025-03-10") == "2025-03-07"


def test_byline_with_clock_time_is_not_the_event():
    assert event("Rabu, 5 Maret 2025 | 14:10 WIB\nBerita tanpa tanggal acara.") is None


def test_bare_written_date():
    assert event("Penandatanganan berlangsung 12 Januari 2026 di Jakarta.") == "2026-01-12"


def test_bare_weekday_in_dateline_needs_publication():
    assert event("Kepala cabang di Ambon, Selasa, mengatakan hal itu.", "2025-12-04") == "2025-12-02"
    assert event("Kepala cabang di Ambon, Selasa, mengatakan hal itu.") is None


def test_bracketed_form_wins_over_a_byline_date():
    text = "Senin, 10 Maret 2025\nBupati membuka acara, Sabtu (8/3/2025)."
    assert event(text) == "2025-03-08"


def test_no_date_at_all():
    assert event("Pekerja rentan perlu dilindungi.") is None


def test_invalid_day_is_ignored():
    assert infer_date(31, 2, 2024, None, None, TODAY) is None


def test_kemarin_gives_the_day_before_publication():
    assert event("Bupati menyerahkan santunan kepada ahli waris kemarin.", "2025-03-14") == "2025-03-13"


def test_explicit_date_wins_over_kemarin():
    assert event("Kemarin warga berkumpul. Acara digelar Senin (10/3/2025).", "2025-03-14") == "2025-03-10"


def test_kemarin_after_a_weekday_gives_that_weekday():
    assert event("Pada Senin kemarin, santunan diserahkan.", "2025-03-14") == "2025-03-10"


def test_tahun_kemarin_gives_no_date():
    assert event("Tahun kemarin iuran ditanggung pemerintah.", "2025-03-14") is None


def test_pekan_lalu_gives_no_date():
    assert event("Pekan lalu santunan diserahkan.", "2025-03-14") is None


def test_kemarin_without_publication_date_gives_no_date():
    assert event("Santunan diserahkan kemarin.") is None


def test_day_and_month_before_lalu_take_the_year_of_publication():
    assert event("Acara itu digelar pada 17 Agustus lalu di Kupang.", "2025-09-02") == "2025-08-17"


def test_mulai_with_a_full_date_dates_the_event():
    assert event("Program ini berlaku mulai 12 Januari 2026 bagi seluruh pekerja.", "2026-01-05") == "2026-01-12"


def test_sejak_day_month_takes_the_latest_such_day_before_publication():
    assert event("Sejak 3 Maret, petugas mendatangi pasar.", "2025-03-20") == "2025-03-03"


def test_weekday_date_wins_over_a_sejak_date():
    assert event("Sejak 3 Maret program berjalan. Penyerahan kartu digelar Senin (10/3).", "2025-03-20") == "2025-03-10"


def test_sejak_a_date_years_before_publication_is_history_not_the_event():
    assert event("BPJS Ketenagakerjaan beroperasi penuh sejak 1 Juli 2015.", "2025-06-10") is None


def test_a_photo_captions_date_does_not_outrank_the_leads():
    text = ("Foto: Petugas menyemprot disinfektan, Sabtu (8/11/2025).\n"
            "BEKASI - Petugas membersihkan pasar setelah banjir surut, Senin (10/11/2025).")
    assert event(text) == "2025-11-10"


def test_a_photo_captions_date_counts_where_the_story_states_none():
    assert event("Foto: Petugas menyemprot disinfektan, Sabtu (8/11/2025).\nBEKASI - Pasar kembali ramai.") == "2025-11-08"
