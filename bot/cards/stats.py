"""Score cards: the leaderboard, a member's stats, the daily streak line."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.stats import Standing, Streaks
from bot.services.readiness import ExamReport
from bot.services.stats import MemberStats

from .model import Card, Name, Strong, Table, Text

MAX_DOMAINS = 20
MAX_READINESS = 4  # exams with a readiness line on one card
CHART_FILE = "area-accuracy.png"
PERIOD_TEXT = {"week": "the last 7 days", "month": "the last 30 days", "all": "all time"}
KIND_TEXT = {"daily": "daily questions", "quiz": "quiz rounds", "all": "quizzes and daily questions"}


def streak_line(streaks: Streaks | None) -> str:
    if streaks is None:
        return ""
    return (
        f"Daily streak: {streaks.current} answered in a row (best {streaks.best}); "
        f"{streaks.current_correct} right in a row (best {streaks.best_correct})."
    )


def standings_table(standings: tuple[Standing, ...] | list[Standing]) -> Table:
    """Rank, member, points and correct answers: the leaderboard and a round's final standings."""
    return Table(
        ("#", "Member", "Points", "Correct"),
        [(str(s.rank), (Name(s.name),), str(s.points), f"{s.correct}/{s.answered}") for s in standings],
    )


def leaderboard_card(rows: list[Standing], period: str, kind: str) -> Card:
    period_text = PERIOD_TEXT.get(period, period)
    kind_text = KIND_TEXT.get(kind, kind)
    card = Card(title="Leaderboard", description=f"Points from {kind_text}, {period_text}.")
    if rows:
        card.table = standings_table(rows)
    else:
        card.description += " Nobody has answered yet: start a round with /quiz start."
    return card


def readiness_text(report: ExamReport) -> Text:
    """The chance of passing today and how it was computed, or what is still missing."""
    r = report.readiness
    if r.estimate is None:
        areas = report.missing_areas()
        where = f" Areas: {'; '.join(areas)}." if areas else ""
        return f"{r.explanation()}{where}"
    note = f" Note: {report.blueprint.pass_note}." if report.blueprint.pass_note else ""
    return (
        "About ",
        Strong(f"{r.estimate.shown_chance}% chance of passing today"),
        f". {r.explanation()}{note}",
    )


def stats_card(
    stats: MemberStats,
    name: str,
    reports: Sequence[ExamReport] = (),
    *,
    chart: str = "",
    review_due: int | None = None,
    plan_line: str | None = None,
) -> Card:
    """A member's stats; with ``reports``, a readiness line per exam; with ``chart`` (a file
    name), the attached area-accuracy chart is shown with it; with ``review_due``, how many of
    their review cards are due; with ``plan_line``, their study plan's progress."""
    card = _stats_card(stats, name, reports, chart)
    if review_due is not None:
        card.fields.append(("Review", f"{review_due} due" + (" · start with /review" if review_due else "")))
    if plan_line:
        card.fields.append(("Study plan", plan_line))
    return card


def _stats_card(stats: MemberStats, name: str, reports: Sequence[ExamReport], chart: str) -> Card:
    if not stats.answered and not reports:
        return Card(
            title=("Stats for ", Name(name)),
            description="No answers yet. Try /quiz start or answer the daily question.",
        )
    card = _answers_card(stats, name)
    for report in reports[:MAX_READINESS]:
        card.fields.append((f"{report.exam} readiness", readiness_text(report)))
    if chart and reports:
        card.image = chart
    return card


def _answers_card(stats: MemberStats, name: str) -> Card:
    card = Card(
        title=("Stats for ", Name(name)),
        description=(
            f"Answered {stats.answered}, correct {stats.correct} ({stats.accuracy:.0%}), "
            f"{stats.points} points.\n{streak_line(stats.streaks)}"
        ),
    )
    domains = sorted(stats.domains, key=lambda d: (d.accuracy, -d.answered))
    if domains:
        card.table = Table(
            ("Exam area", "Accuracy", "Answered"),
            [(d.title, f"{d.accuracy:.0%}", str(d.answered)) for d in domains[:MAX_DOMAINS]],
        )
    weakest = stats.weakest
    if weakest is not None:
        card.fields.append(
            (
                "Study next",
                (
                    "Your weakest area is ",
                    Strong(weakest.title),
                    f" ({weakest.accuracy:.0%} of {weakest.answered}).",
                ),
            )
        )
    else:
        card.hint = "Answer at least 3 questions in an area to see your weakest one."
    return card
