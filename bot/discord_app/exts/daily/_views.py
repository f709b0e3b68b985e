"""The answer buttons of a daily question: custom_id ``cc:d:<daily post id>:<n>``."""

from __future__ import annotations

from ...answer_buttons import AnswerButtons, ClickHandler

DAILY_KIND = "d"


def daily_buttons(on_click: ClickHandler) -> AnswerButtons:
    return AnswerButtons(DAILY_KIND, on_click)
