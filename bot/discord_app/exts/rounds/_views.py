"""The answer buttons of a round question: custom_id ``cc:r:<round question id>:<n>``."""

from __future__ import annotations

from ...answer_buttons import AnswerButtons, ButtonKind, ClickHandler


def round_buttons(on_click: ClickHandler) -> AnswerButtons:
    return AnswerButtons(ButtonKind.ROUND, on_click)
