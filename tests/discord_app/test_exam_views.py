"""The mock exam's Discord pieces: custom_ids within 100 characters and parsed back, the
buttons a question shows (Back/Next at the ends, Next flagged only with another flag, Unflag),
the report's Previous/Next pages, and a long report that still fits one message."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from unittest.mock import MagicMock

import discord

from bot.cards.exams import MISSED_PER_PAGE
from bot.core.banks.library import Question
from bot.core.exams.scoring import AreaResult, Trend
from bot.core.exams.timing import Pace
from bot.discord_app.embeds import EMBED_TOTAL_LIMIT
from bot.discord_app.exts.exams._cog import ExamsCog
from bot.discord_app.exts.exams._format import report_embeds
from bot.discord_app.exts.exams._views import TEMPLATE, bind, question_view, report_view
from bot.services.exam_views import ExamQuestionView, ExamReport, MissedQuestion
from bot.services.practice import AreaScore, ExamAttemptSummary

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def question(n: int, long: bool = False) -> Question:
    words = " ".join(["modifier"] * (150 if long else 3))
    return Question(
        id=f"q-{n}",
        bank_id="b",
        exams=("CPC",),
        domain="cpc.anatomy",
        difficulty=1,
        stem=f"Question {n}? {words}",
        choices=("Alpha", "Bravo", "Charlie", "Delta", "Echo"),
        answer=1,
        explanation=f"Because. {words}",
        source=f"Guidelines {words}",
    )


def view(
    number: int, total: int = 10, *, flagged: bool = False, flags: int = 0, chosen=None
) -> ExamQuestionView:
    return ExamQuestionView(
        attempt_id=987654321,
        exam="CPC",
        title="CPC",
        number=number,
        total=total,
        question=question(number),
        chosen=chosen,
        flagged=flagged,
        answered=3,
        flagged_count=flags,
        time_left=timedelta(minutes=20),
        pace=Pace(3, 300, 144),
    )


def report(missed: int, long: bool = False) -> ExamReport:
    summary = ExamAttemptSummary(
        7, 1, "CPC", T0, T0, 10, 20, False, (AreaScore("cpc.anatomy", 10, 20, 900.0),)
    )
    return ExamReport(
        summary=summary,
        title="CPC",
        pass_percent=70,
        pass_note="",
        timed_out=False,
        seconds_per_question=144,
        areas=tuple(AreaResult(f"cpc.area{n}", 1, 2, 300.0) for n in range(17)),
        slowest=(),
        trend=Trend(None, None, 0),
        missed=tuple(MissedQuestion(n + 1, question(n, long), 0) for n in range(missed)),
        unanswered=0,
        seconds_spent=900.0,
    )


async def noop(interaction, attempt, n, action) -> None:
    return None


ITEM = bind(noop)


def controls(v: discord.ui.View) -> dict[str, discord.ui.Button]:
    return {child.item.label: child.item for child in v.children}


async def test_custom_ids_fit_and_parse_back():
    v = question_view(view(10, total=100), ITEM)
    ids = [child.item.custom_id for child in v.children]
    assert all(len(i) <= 100 and i.startswith("cc:exam:987654321:9:") for i in ids)
    assert len(set(ids)) == len(ids) == 10
    assert all(re.fullmatch(TEMPLATE, i) for i in ids)


async def test_buttons_at_the_ends_and_flags():
    first = controls(question_view(view(1), ITEM))
    assert first["Back"].disabled and not first["Next"].disabled and first["Next flagged"].disabled
    last = controls(question_view(view(10, flagged=True, flags=1), ITEM))
    assert last["Next"].disabled and "Unflag" in last and last["Next flagged"].disabled
    middle = controls(question_view(view(5, flags=1, chosen=2), ITEM))
    assert not middle["Next flagged"].disabled and middle["C"].style == discord.ButtonStyle.success


async def test_report_pages():
    assert report_view(report(MISSED_PER_PAGE), 0, ITEM) is None  # one page: no buttons
    pages = controls(report_view(report(MISSED_PER_PAGE + 1), 0, ITEM))
    assert pages["Previous"].disabled and not pages["Next"].disabled


async def test_a_long_report_fits_one_message():
    embeds = report_embeds(report(MISSED_PER_PAGE, long=True), 0)
    assert len(embeds) == 2 and sum(len(e) for e in embeds) <= EMBED_TOTAL_LIMIT
    assert embeds[1].title == "Missed questions (1/1)" and len(embeds[1].fields) == MISSED_PER_PAGE


class Charts:
    def __init__(self, fail: bool) -> None:
        self.fail = fail

    async def exam_areas(self, r: ExamReport) -> bytes:
        if self.fail:
            raise RuntimeError("no matplotlib")
        return b"\x89PNG\r\n\x1a\nfake"


async def test_the_report_carries_its_chart_and_goes_without_it_when_drawing_fails():
    drawn = ExamsCog(MagicMock(), MagicMock(), Charts(fail=False))
    embeds, files = await drawn._report_message(report(missed=2), 0)
    assert [f.filename for f in files] == ["exam-areas.png"]
    assert embeds[0].image.url == "attachment://exam-areas.png" and len(embeds) == 2
    failing = ExamsCog(MagicMock(), MagicMock(), Charts(fail=True))
    embeds, files = await failing._report_message(report(missed=2), 0)
    assert files == [] and embeds[0].image.url is None and len(embeds) == 2
