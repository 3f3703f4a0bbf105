"""The demo's academic years and their periods: fixed dates, so that the same seed always gives the same data."""

import datetime

YEAR_CODES = ["2022-2023", "2023-2024", "2024-2025"]
CURRENT_YEAR = "2024-2025"
YEAR_START = (9, 1)
YEAR_END = (5, 31)

# Quarters as (month, day) of start and end; the breaks between them follow each country's usual order
# (autumn week, New Year, spring week around Nooruz / Nauryz). Months 1–8 fall in the second calendar year.
QUARTERS = {
    "KG": [("q1", (9, 1), (10, 31)), ("q2", (11, 8), (12, 28)), ("q3", (1, 13), (3, 20)), ("q4", (4, 1), (5, 25))],
    "KZ": [("q1", (9, 1), (10, 26)), ("q2", (11, 4), (12, 28)), ("q3", (1, 8), (3, 19)), ("q4", (3, 30), (5, 25))],
}


def on(year_code: str, month_day: tuple[int, int]) -> datetime.date:
    """The date of (month, day) inside an academic year: September–December in its first calendar year."""
    first = int(year_code[:4])
    month, day = month_day
    return datetime.date(first if month >= 9 else first + 1, month, day)


def year_bounds(year_code: str) -> tuple[datetime.date, datetime.date]:
    return on(year_code, YEAR_START), on(year_code, YEAR_END)


def periods(country: str, year_code: str) -> list[tuple[str, datetime.date, datetime.date]]:
    """q1–q4, the two half-years and the year, as (code, starts_on, ends_on)."""
    quarters = [(code, on(year_code, start), on(year_code, end)) for code, start, end in QUARTERS[country]]
    (q1, q2, q3, q4) = quarters
    starts, ends = year_bounds(year_code)
    halves = [("h1", q1[1], q2[2]), ("h2", q3[1], q4[2])]
    return [*quarters, *halves, ("year", starts, ends)]
