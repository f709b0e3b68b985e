"""Mock exam messages for Discord: the question embed and the report embeds, from the shared
cards (``bot.cards.exams``)."""

from __future__ import annotations

import discord

from ....cards.exams import exam_question_card, exam_report_card, missed_card, missed_page_count
from ....core.text import truncate
from ....services.exam_views import ExamQuestionView, ExamReport
from ...embeds import EMBED_TOTAL_LIMIT, card_to_embed

HOW = "Click a letter; Flag marks it for review; Submit ends the exam."
IN_DMS = "Your {exam} mock exam ({total} questions, {minutes}) is in your DMs. Good luck!"
DMS_CLOSED = (
    "I can't message you (your DMs are closed to this server), so here is your exam, visible only "
    "to you. Keep this message open: if you lose it, /exam resume brings it back."
)
RESUMED = "Here is your running mock exam."


def question_embed(view: ExamQuestionView) -> discord.Embed:
    return card_to_embed(exam_question_card(view, HOW))


def report_embeds(report: ExamReport, page: int) -> list[discord.Embed]:
    """The report, and a page of missed questions clipped so both fit one message (Discord
    counts the 6,000 characters over all the embeds of a message)."""
    embeds = [card_to_embed(exam_report_card(report))]
    if report.missed:
        missed = card_to_embed(missed_card(report, page))
        for _ in range(100):
            excess = len(embeds[0]) + len(missed) - EMBED_TOTAL_LIMIT
            if excess <= 0 or not missed.fields:
                break
            i = max(range(len(missed.fields)), key=lambda n: len(missed.fields[n].value or ""))
            field = missed.fields[i]
            value = field.value or ""
            missed.set_field_at(i, name=field.name, value=truncate(value, max(40, len(value) - excess - 1)))
            if len(value) <= 40:
                missed.remove_field(i)
        embeds.append(missed)
    return embeds


def last_page(report: ExamReport) -> int:
    return missed_page_count(report) - 1
