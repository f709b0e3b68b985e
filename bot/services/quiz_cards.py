"""Quiz results as cards, shared by the Discord cog and the console."""

from __future__ import annotations

from datetime import date

from bot.core.banks.domains import domain_title
from bot.core.banks.library import LETTERS, BankSummary, Question
from bot.core.stats import Standing, Streaks

from ..core.answers import Card, Table
from .results import AnswerResult, RevealSummary, RoundQuestion
from .stats import MemberStats

MAX_NAMES = 15
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
FINISH_REASONS = {
    "completed": "All questions asked.",
    "inactive": "Stopped after two questions in a row with no answers.",
    "stopped": "Stopped by the starter or a moderator.",
    "expired": "Ended while the bot was offline.",
}


def _choices(question: Question) -> str:
    return "\n".join(f"**{LETTERS[i]}**) {choice}" for i, choice in enumerate(question.choices))


def _meta(question: Question) -> str:
    return f"{domain_title(question.domain)} · {DIFFICULTY.get(question.difficulty, '?')}"


def round_question_card(rq: RoundQuestion, *, typed_answers: bool = True) -> Card:
    how = "Click a letter" + (" or type it (or the answer) in the channel" if typed_answers else "")
    return Card(
        title=f"Question {rq.number}/{rq.total}",
        description=f"{rq.question.stem}\n\n{_choices(rq.question)}",
        hint=f"{_meta(rq.question)} · {rq.seconds} s · {how}. One answer per member.",
    )


def daily_question_card(question: Question, local_date: date) -> Card:
    return Card(
        title=f"Daily question · {local_date.isoformat()}",
        description=f"{question.stem}\n\n{_choices(question)}",
        hint=f"{_meta(question)} · One answer per member; the answer is revealed with tomorrow's question.",
    )


def _names(users: tuple[tuple[int, str], ...]) -> str:
    if not users:
        return "Nobody this time."
    shown = ", ".join(name for _, name in users[:MAX_NAMES])
    more = len(users) - MAX_NAMES
    return shown + (f" and {more} more" if more > 0 else "")


def _bar(share: float, width: int = 10) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def reveal_card(summary: RevealSummary, *, title_prefix: str = "Answer") -> Card:
    q = summary.question
    card = Card(
        title=f"{title_prefix}: {summary.correct_letter}) {summary.correct_text}",
        description=summary.explanation,
    )
    lines = [
        f"{LETTERS[i]} {_bar(summary.shares[i])} {round(summary.shares[i] * 100)}% ({summary.counts[i]})"
        for i in range(len(q.choices))
    ]
    card.fields.append((f"Answers ({summary.total})", "\n".join(lines)))
    card.fields.append(("Got it right", _names(summary.correct_users)))
    card.hint = f"Source: {summary.source}"
    return card


def standings_card(standings: tuple[Standing, ...] | list[Standing], reason: str | None) -> Card:
    card = Card(title="Quiz over: final standings", description=FINISH_REASONS.get(reason or "", ""))
    if standings:
        card.table = Table(
            ("#", "Member", "Points", "Correct"),
            [(str(s.rank), s.name, str(s.points), f"{s.correct}/{s.answered}") for s in standings[:15]],
        )
    else:
        card.description = (card.description + " Nobody answered.").strip()
    return card


def streak_line(streaks: Streaks | None) -> str:
    if streaks is None:
        return ""
    return (
        f"Daily streak: {streaks.current} answered in a row (best {streaks.best}); "
        f"{streaks.current_correct} right in a row (best {streaks.best_correct})."
    )


def round_feedback(result: AnswerResult) -> str:
    """What a member sees privately after answering a round question (no spoiler)."""
    if result.too_late:
        return "Too late: this question is closed. Catch the next one!"
    letter = LETTERS[result.choice_index] if result.choice_index is not None else "?"
    if result.duplicate:
        return f"You already answered {letter}; your first answer counts."
    return f"Locked in **{letter}**. The answer is revealed when time is up."


def daily_feedback(result: AnswerResult) -> str:
    """Private feedback on the daily question: right or wrong, why, and the streak."""
    if result.too_late:
        return "This daily question is closed; the next one comes at the usual time."
    letter = LETTERS[result.choice_index] if result.choice_index is not None else "?"
    if result.duplicate:
        head = f"You already answered **{letter}** today; your first answer counts."
    elif result.correct:
        head = f"**{letter}** is correct! +{result.points} points."
    else:
        right = LETTERS[result.correct_index] if result.correct_index is not None else "?"
        head = f"**{letter}** is not right; the answer is **{right}**."
    parts = [head]
    if result.explanation:
        parts.append(result.explanation)
    line = streak_line(result.streaks)
    if line:
        parts.append(line)
    return "\n\n".join(parts)


def leaderboard_card(rows: list[Standing], period: str, kind: str) -> Card:
    period_text = {"week": "the last 7 days", "month": "the last 30 days", "all": "all time"}.get(
        period, period
    )
    kind_text = {"daily": "daily questions", "quiz": "quiz rounds", "all": "quizzes and daily questions"}.get(
        kind, kind
    )
    card = Card(title="Leaderboard", description=f"Points from {kind_text}, {period_text}.")
    if rows:
        card.table = Table(
            ("#", "Member", "Points", "Correct"),
            [(str(r.rank), r.name, str(r.points), f"{r.correct}/{r.answered}") for r in rows],
        )
    else:
        card.description += " Nobody has answered yet: start a round with /quiz start."
    return card


def stats_card(stats: MemberStats, name: str) -> Card:
    if not stats.answered:
        return Card(
            title=f"Stats for {name}",
            description="No answers yet. Try /quiz start or answer the daily question.",
        )
    card = Card(
        title=f"Stats for {name}",
        description=(
            f"Answered {stats.answered}, correct {stats.correct} ({stats.accuracy:.0%}), "
            f"{stats.points} points.\n{streak_line(stats.streaks)}"
        ),
    )
    domains = sorted(stats.domains, key=lambda d: (d.accuracy, -d.answered))
    if domains:
        card.table = Table(
            ("Exam area", "Accuracy", "Answered"),
            [(d.title, f"{d.accuracy:.0%}", str(d.answered)) for d in domains[:20]],
        )
    if stats.weakest is not None:
        card.fields.append(
            (
                "Study next",
                f"Your weakest area is **{stats.weakest.title}** ({stats.weakest.accuracy:.0%} of {stats.weakest.answered}).",
            )
        )
    else:
        card.hint = "Answer at least 3 questions in an area to see your weakest one."
    return card


def banks_card(banks: list[BankSummary]) -> Card:
    total = sum(b.count for b in banks)
    card = Card(title="Question banks", description=f"{len(banks)} banks, {total} questions.")
    for bank in banks:
        areas = ", ".join(f"{domain_title(d)} {n}" for d, n in bank.domains.items())
        card.fields.append(
            (f"{bank.title} (`{bank.id}`, {bank.count})", f"Exams: {', '.join(bank.exams)}\n{areas}")
        )
    card.hint = "Start one: /quiz start bank:<id> (or exam:/domain:)."
    return card
