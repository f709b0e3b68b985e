"""The answer buttons of a daily question: custom_id ``cc:d:<daily post id>:<n>``."""

from __future__ import annotations

from ...answer_buttons import AnswerButtons, ButtonKind, ClickHandler


def daily_buttons(on_click: ClickHandler) -> AnswerButtons:
    return AnswerButtons(ButtonKind.DAILY, on_click)
