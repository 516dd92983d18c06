"""Dates as the press writes them."""
from kg.dates import Dates, iso_date
from kg.lexicon import lexicon_for

DATES = Dates(lexicon_for())


def test_full_dates_and_dates_that_do_not_exist():
    assert DATES.first_full("本报讯 2024年 7月 15日，会议召开。") == "2024-07-15"
    assert iso_date(2025, 13, 45) is None


def test_a_meetings_date_takes_its_year_from_the_text_or_the_article():
    assert DATES.of_sentence("3月5日，全会召开。", 2023, "2024-01-10") == "2023-03-05"
    assert DATES.of_sentence("3月5日，全会召开。", None, "2024-04-10") == "2024-03-05"
    assert DATES.of_sentence("12月28日，全会召开。", None, "2024-01-03") == "2023-12-28"  # last year's news
    assert DATES.of_sentence("会议于2022年6月1日召开。", None, None) == "2022-06-01"
    assert DATES.of_sentence("全会召开。", 2023, None) is None


def test_the_last_year_written_dates_what_follows():
    assert DATES.last_year("2021年以来，2023年4月3日召开", None) == 2023
    assert DATES.last_year("没有年份", 2020) == 2020
