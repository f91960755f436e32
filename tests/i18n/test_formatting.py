"""Dates, numbers, shares and durations as each language writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import LanguageAccept

from portal.i18n.formatting import (
    duration_text,
    number_text,
    share_text,
    time_element,
)
from portal.i18n.locale import choose_language, direction

DAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "Nov 20, 2026"), ("ar", "20 نوفمبر 2026"), ("id", "20 Nov 2026")],
)
def test_a_date_is_written_the_languages_way_and_keeps_its_iso_form_for_machines(
    language: str, shown: str
) -> None:
    assert str(time_element(DAY, language)) == f'<time datetime="2026-11-20">{shown}</time>'


def test_a_moment_says_its_day_and_minute() -> None:
    moment = dt.datetime(2026, 11, 20, 14, 5, tzinfo=dt.UTC)
    assert "14.05" in str(time_element(moment, "id"))
    assert 'datetime="2026-11-20T14:05+00:00"' in str(time_element(moment, "en"))


def test_numbers_use_each_languages_separators_and_latin_digits_in_arabic() -> None:
    assert number_text(12345.5, "en") == "12,345.5"
    assert number_text(12345.5, "id") == "12.345,5"
    assert number_text(12345.5, "ar") == "12,345.5"
    assert share_text(0.423, "en") == "42%"
    assert share_text(None, "id") == "—"


@pytest.mark.parametrize(
    ("amount", "english", "indonesian"),
    [
        (dt.timedelta(seconds=20), "20 seconds", "20 detik"),
        (dt.timedelta(minutes=42), "42 minutes", "42 menit"),
        (dt.timedelta(hours=30), "30 hours", "30 jam"),
        (dt.timedelta(hours=1, minutes=30), "1.5 hours", "1,5 jam"),
        (dt.timedelta(days=3, hours=4), "3.2 days", "3,2 hari"),
    ],
)
def test_a_duration_is_said_in_the_unit_a_person_would_use(
    amount: dt.timedelta, english: str, indonesian: str
) -> None:
    assert duration_text(amount, "en") == english
    assert duration_text(amount, "id") == indonesian
    assert duration_text(None, "en") == "—"


def test_no_duration_is_a_tenth_of_an_hour_of_nothing() -> None:
    assert duration_text(dt.timedelta(seconds=3), "en") == "3 seconds"
    assert duration_text(dt.timedelta(minutes=5), "ar") == "5 دقائق"


def test_the_persons_choice_wins_then_the_browser_then_english() -> None:
    arabic_browser = LanguageAccept([("ar-EG", 1), ("en", 0.5)])
    assert choose_language("id", arabic_browser) == "id"
    assert choose_language(None, arabic_browser) == "ar"
    assert choose_language("fr", LanguageAccept([("id-ID", 1)])) == "id"
    assert choose_language(None, LanguageAccept([("fr", 1), ("de", 0.8)])) == "en"


def test_arabic_is_written_right_to_left() -> None:
    assert direction("ar") == "rtl"
    assert direction("id") == direction("en") == "ltr"
