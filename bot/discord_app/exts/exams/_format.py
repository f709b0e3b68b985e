"""Mock exam messages for Discord: the question embed and the report embeds, from the shared
cards (``bot.cards.exams``)."""

from __future__ import annotations

import discord

from ....cards.exams import exam_question_card, exam_report_card, missed_card, missed_page_count
from ....services.exam_views import ExamQuestionView, ExamReport
from ...embeds import card_to_embed

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
    embeds = [card_to_embed(exam_report_card(report))]
    if report.missed:
        embeds.append(card_to_embed(missed_card(report, page)))
    return embeds


def last_page(report: ExamReport) -> int:
    return missed_page_count(report) - 1
