"""Written conclusions from the figures, in the report's language, and honest about small groups.

Every sentence is one whole gettext/ngettext message with named placeholders, so a translator can put the
words in the order and the case their language needs ("билим сапаты 8,3 пайызга жогорулады", "качество
знаний выросло на 8,3 п. п."). A measure is part of the sentence, not a placeholder, because in Russian the
verb agrees with it (качество выросло, успеваемость выросла, средний балл вырос).

Honesty: a change counts as a change only when it is larger than chance in groups of that size
(`clear_change`); otherwise the sentence says there is no clear change. This is the one place that decides
it; it uses sapat.analysis's function when that exists.
"""

from math import sqrt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sapat.analysis.honesty import FALL, RISE, honest_change
from sapat.colleges.vocabulary import SCHOOL_WORDS, Words
from sapat.core.numbers import format_number, format_percent

Z = 1.96  # 95 % intervals
MIN_GROUP = 5  # below this a group is too small to judge (as in sapat.analysis.honesty)
UP, DOWN, FLAT = "up", "down", "none"


# Honest change -------------------------------------------------------------------------------------------


def proportion_change(k_before: int, n_before: int, k_after: int, n_after: int) -> str | None:
    """UP, DOWN or FLAT (no clear change, or groups too small to judge) for a share k/n, by
    sapat.analysis's honest change (Wilson intervals); None when a group is empty."""
    if not n_before or not n_after:
        return None
    verdict = honest_change((k_before, n_before), (k_after, n_after)).verdict
    return {RISE: UP, FALL: DOWN}.get(verdict, FLAT)


def mean_change(before: dict, after: dict) -> str | None:
    """UP, DOWN or FLAT for the average mark from the counts of 5/4/3/2: the difference of the means against
    1.96 standard errors (Welch)."""
    first, second = _moments(before), _moments(after)
    if first is None or second is None:
        return None
    (m1, v1, n1), (m2, v2, n2) = first, second
    if min(n1, n2) < MIN_GROUP:
        return FLAT
    error = sqrt(v1 / n1 + v2 / n2)
    if abs(m2 - m1) <= Z * error or (error == 0 and m1 == m2):
        return FLAT
    return UP if m2 > m1 else DOWN


def _moments(counts: dict):
    marks = {5: counts.get("n5", 0), 4: counts.get("n4", 0), 3: counts.get("n3", 0), 2: counts.get("n2", 0)}
    n = sum(marks.values())
    if n < 2:
        return None
    mean = sum(mark * k for mark, k in marks.items()) / n
    variance = sum(k * (mark - mean) ** 2 for mark, k in marks.items()) / (n - 1)
    return mean, variance, n


# Sentences ---------------------------------------------------------------------------------------------


def quality_sentence(direction: str | None, before, after, n: int, language: str) -> str | None:
    """Quality of knowledge between two works (or periods); n is the smaller group, for the noise sentence."""
    return _change_sentence("quality", direction, before, after, n, language)


def success_sentence(direction: str | None, before, after, n: int, language: str) -> str | None:
    return _change_sentence("success", direction, before, after, n, language)


def average_sentence(direction: str | None, before, after, n: int, language: str) -> str | None:
    if direction is None:
        return None
    values = {
        "points": format_number(abs(after - before), 2, language),
        "before": format_number(before, 2, language),
        "after": format_number(after, 2, language),
        "n": n,
    }
    if direction == UP:
        return _("The average mark rose by %(points)s, from %(before)s to %(after)s.") % values
    if direction == DOWN:
        return _("The average mark fell by %(points)s, from %(before)s to %(after)s.") % values
    return (
        ngettext(
            "The average mark shows no clear change (%(before)s, then %(after)s): with %(n)s student the "
            "difference is within chance.",
            "The average mark shows no clear change (%(before)s, then %(after)s): with %(n)s students the "
            "difference is within chance.",
            n,
        )
        % values
    )


def _change_sentence(measure: str, direction, before, after, n: int, language: str) -> str | None:
    if direction is None:
        return None
    values = {
        "points": format_number(abs(after - before), 1, language),
        "before": format_percent(before, language),
        "after": format_percent(after, language),
        "n": n,
    }
    return _TEMPLATES[(measure, direction)](n) % values


_TEMPLATES = {
    ("quality", UP): lambda n: _(
        "Quality of knowledge rose by %(points)s percentage points, from %(before)s to %(after)s."
    ),
    ("quality", DOWN): lambda n: _(
        "Quality of knowledge fell by %(points)s percentage points, from %(before)s to %(after)s."
    ),
    ("quality", FLAT): lambda n: ngettext(
        "Quality of knowledge shows no clear change (%(before)s, then %(after)s): with %(n)s student the "
        "difference is within chance.",
        "Quality of knowledge shows no clear change (%(before)s, then %(after)s): with %(n)s students the "
        "difference is within chance.",
        n,
    ),
    ("success", UP): lambda n: _(
        "The success rate rose by %(points)s percentage points, from %(before)s to %(after)s."
    ),
    ("success", DOWN): lambda n: _(
        "The success rate fell by %(points)s percentage points, from %(before)s to %(after)s."
    ),
    ("success", FLAT): lambda n: ngettext(
        "The success rate shows no clear change (%(before)s, then %(after)s): with %(n)s student the "
        "difference is within chance.",
        "The success rate shows no clear change (%(before)s, then %(after)s): with %(n)s students the "
        "difference is within chance.",
        n,
    ),
}


def wrote_sentence(wrote: int, on_roll: int, words: Words = SCHOOL_WORDS) -> str:
    """How many of the students on the lists wrote the work ("class lists", a college's "study group lists")."""
    return words("wrote", wrote=wrote, on_roll=on_roll)


def results_sentence(total: dict, language: str, words: Words = SCHOOL_WORDS) -> str:
    return words(
        "results_sentence",
        success=format_percent(total["success_pct"], language),
        quality=format_percent(total["quality_pct"], language),
        sou=format_percent(total["sou_pct"], language),
        average=format_number(total["average_mark"], 2, language),
    )


def objectivity_sentence(against: dict, language: str, words: Words = SCHOOL_WORDS) -> str | None:
    if not against or not against["compared"]:
        return None
    return words(
        "objectivity_sentence",
        **{key: against[key] for key in ("compared", "confirmed", "raised", "lowered")},
        confirmed_pct=format_percent(against["confirmed_pct"], language),
        lowered_pct=format_percent(against["lowered_pct"], language),
    )


def difficult_tasks_sentence(tasks: list[dict], language: str) -> str:
    if not tasks:
        return _("Every task was done on average at least half right.")
    listed = "; ".join(_task_label(task, language) for task in tasks)
    return ngettext(
        "The most difficult task (less than half of the maximum on average): %(tasks)s.",
        "The most difficult tasks (less than half of the maximum on average): %(tasks)s.",
        len(tasks),
    ) % {"tasks": listed}


def _task_label(task: dict, language: str) -> str:
    share = format_percent(task["share_pct"], language)
    if task.get("description"):
        return _("task %(number)s (%(description)s), %(share)s") % {**task, "share": share}
    return _("task %(number)s, %(share)s") % {**task, "share": share}


def extremes_sentence(rows: list[dict], language: str, words: Words = SCHOOL_WORDS) -> str | None:
    """The classes with the highest and the lowest quality of knowledge (when there are two or more)."""
    ranked = [row for row in rows if row["quality_pct"] is not None]
    if len(ranked) < 2:
        return None
    best = max(ranked, key=lambda row: row["quality_pct"])
    worst = min(ranked, key=lambda row: row["quality_pct"])
    if best["quality_pct"] == worst["quality_pct"]:
        return words("same_in_every_class", value=format_percent(best["quality_pct"], language))
    return _("Highest quality of knowledge: %(best)s (%(best_value)s); lowest: %(worst)s (%(worst_value)s).") % {
        "best": best["class"],
        "best_value": format_percent(best["quality_pct"], language),
        "worst": worst["class"],
        "worst_value": format_percent(worst["quality_pct"], language),
    }
