"""Mock exam cards: the question with the exam clock, the report (score, pass or fail, areas,
slowest areas, trend), a page of missed questions, and the history."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.banks.domains import domain_title
from bot.core.exams.timing import format_duration
from bot.services.exam_views import ExamQuestionView, ExamReport
from bot.services.practice import ExamAttemptSummary

from .model import Card, Strong, Table, Text
from .rounds import choices

MISSED_PER_PAGE = 3  # a page must fit one Discord embed beside the report


def clock_line(view: ExamQuestionView) -> str:
    """``Question 3/25 · ICD-10-CM · 52 min left · ahead by 2 min``."""
    left = format_duration(view.time_left.total_seconds())
    return f"Question {view.number}/{view.total} · {view.area} · {left} left · {view.pace.label}"


def exam_question_card(view: ExamQuestionView, how: str) -> Card:
    notes = []
    if view.chosen_letter:
        notes.append(f"Your answer: {view.chosen_letter} (answer again to change it).")
    if view.flagged:
        notes.append("Flagged for review.")
    return Card(
        title=f"{view.exam} mock exam · question {view.number}/{view.total}",
        description=view.question.stem,
        choices=choices(view.question),
        notes=notes,
        hint=f"{clock_line(view)}\n{view.answered} answered · {view.flagged_count} flagged · {how}",
    )


def _trend_text(report: ExamReport) -> str:
    change = report.trend.change(report.percent)
    if change is None or report.trend.best is None:
        return "Your first attempt at this exam: take another to see your trend."
    word = "up" if change > 0 else "down" if change < 0 else "level"
    return (
        f"{word} {abs(change):.0f} points on your last attempt ({report.trend.previous:.0f}%); "
        f"best of {report.trend.attempts} earlier: {report.trend.best:.0f}%"
    )


def exam_report_card(report: ExamReport) -> Card:
    verdict = "PASS" if report.passed else "not yet a pass"
    how = "Time ran out: submitted automatically." if report.timed_out else "Submitted."
    rows = [
        (
            domain_title(a.domain),
            f"{a.right}/{a.asked}",
            f"{a.percent:.0f}%",
            format_duration(a.seconds_per_question),
        )
        for a in report.areas
    ]
    pace = format_duration(report.seconds_per_question)
    slow = ", ".join(
        f"{domain_title(a.domain)} ({format_duration(a.seconds_per_question)})" for a in report.slowest
    )
    fields: list[tuple[Text, Text]] = [
        ("Slowest areas", slow or f"None: every area within the real pace of {pace} a question."),
        ("Trend", _trend_text(report)),
    ]
    notes = [report.pass_note] if report.pass_note else []
    return Card(
        title=(Strong(f"{report.summary.exam} mock exam: {report.percent:.0f}% · {verdict}"),),
        description=(
            f"{report.summary.right} of {report.summary.asked} right (pass mark {report.pass_percent}%). "
            f"{report.unanswered} unanswered. Time spent {format_duration(report.seconds_spent)}. {how}"
        ),
        table=Table(("Area", "Right", "%", "Time/question"), rows),
        fields=fields,
        notes=notes,
        hint=f"{len(report.missed)} missed question(s) to review · attempt #{report.attempt_id}",
    )


def missed_page_count(report: ExamReport) -> int:
    return max(1, -(-len(report.missed) // MISSED_PER_PAGE))


def missed_card(report: ExamReport, page: int) -> Card:
    """Page ``page`` (0-based) of the missed questions: the right answer, why, and the source."""
    pages = missed_page_count(report)
    page = max(0, min(page, pages - 1))
    shown = report.missed[page * MISSED_PER_PAGE : (page + 1) * MISSED_PER_PAGE]
    fields: list[tuple[Text, Text]] = [
        (
            f"Q{m.number}. {m.question.stem}",
            f"You: {m.chosen_letter} · Right: {m.question.answer_letter}) {m.question.correct_choice}\n"
            f"{m.question.explanation}\nSource: {m.question.source}",
        )
        for m in shown
    ]
    return Card(
        title=f"Missed questions ({page + 1}/{pages})",
        description="" if shown else "Nothing missed: every question right.",
        fields=fields,
    )


def exam_history_card(summaries: Sequence[ExamAttemptSummary]) -> Card:
    if not summaries:
        return Card(title="Mock exam history", description="No finished mock exams yet: /exam start.")
    rows = [
        (
            f"#{s.id}",
            s.exam,
            s.submitted_at.strftime("%Y-%m-%d %H:%M UTC"),
            f"{s.right}/{s.asked}",
            f"{s.percent:.0f}%",
            "pass" if s.passed else "-",
        )
        for s in summaries
    ]
    return Card(
        title="Mock exam history", table=Table(("Attempt", "Exam", "Submitted", "Right", "%", "Pass"), rows)
    )
