"""Helpers several services share: time zones, the exam filter, and building the reveal
summary and the answer result from store records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.banks.domains import EXAMS
from bot.core.banks.library import Question
from bot.core.clock import as_utc
from bot.core.codes.drills import DRILL_SOURCE
from bot.core.scoring import AnswerStatus
from bot.core.stats import Streaks
from bot.store.records import AnswerOutcome, AnswerRecord

from .errors import InvalidOption, UnknownTimezone
from .results import AnswerResult, RevealSummary

Clock = Callable[[], datetime]


def current_time(clock: Clock, now: datetime | None) -> datetime:
    """``now`` if given, else the clock's time; aware UTC either way."""
    return as_utc(now if now is not None else clock())


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def resolve_timezone(name: str) -> ZoneInfo:
    """A ZoneInfo for an IANA name (case-insensitive); raises UnknownTimezone."""
    cleaned = (name or "").strip().replace(" ", "_")
    canonical = _zone_names().get(cleaned.lower(), cleaned)
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimezone(
            f"I don't know the time zone {name!r}. Use an IANA name such as America/New_York, "
            "Europe/London or Australia/Sydney."
        ) from None


def clean_exam(exam: str | None) -> str | None:
    """The exam filter in canonical form (None = every exam); raises InvalidOption."""
    cleaned = exam.strip().upper() if exam and exam.strip() else None
    if cleaned and cleaned not in (*EXAMS, DRILL_SOURCE):
        choices = ", ".join((*EXAMS, DRILL_SOURCE))
        raise InvalidOption(f"Unknown exam {cleaned!r}. Choose one of: {choices} (ICD-10-CM drills).")
    return cleaned


def check_choice(question: Question, choice_index: int) -> None:
    if not 0 <= choice_index < len(question.choices):
        raise InvalidOption(f"Choose one of {', '.join(question.letters)}.")


def too_late(question: Question) -> AnswerResult:
    return AnswerResult(AnswerStatus.CLOSED, question.answer, question.explanation)


def answer_result(
    outcome: AnswerOutcome, question: Question, *, reveal_now: bool = False, streaks: Streaks | None = None
) -> AnswerResult:
    """The service's answer result for what the store did with the answer."""
    status, rec = outcome
    if rec is None or status not in (AnswerStatus.ACCEPTED, AnswerStatus.DUPLICATE):
        return AnswerResult(status, question.answer, question.explanation)
    return AnswerResult(
        status,
        question.answer,
        question.explanation,
        correct=rec.correct,
        points=rec.points,
        choice_index=rec.choice,
        streaks=streaks,
        reveal_now=reveal_now and status is AnswerStatus.ACCEPTED,
    )


def reveal_summary(
    question: Question, answers: Iterable[AnswerRecord], *, already: bool = False
) -> RevealSummary:
    """Answer, explanation, source, who got it right (fastest first) and the share per option.
    Round-only fields are added by the rounds service (``dataclasses.replace``)."""
    answers = list(answers)
    counts = [0] * len(question.choices)
    for a in answers:
        if 0 <= a.choice < len(counts):
            counts[a.choice] += 1
    total = len(answers)
    return RevealSummary(
        question=question,
        correct_index=question.answer,
        explanation=question.explanation,
        source=question.source,
        correct_users=tuple((a.user_id, a.user_name) for a in answers if a.correct),
        counts=tuple(counts),
        shares=tuple((c / total) if total else 0.0 for c in counts),
        total=total,
        already_revealed=already,
    )
