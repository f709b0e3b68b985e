"""The answer buttons of a round question: custom_id ``cc:r:<round question id>:<n>``."""

from __future__ import annotations

from ...answer_buttons import AnswerButtons, ClickHandler

ROUND_KIND = "r"


def round_buttons(on_click: ClickHandler) -> AnswerButtons:
    return AnswerButtons(ROUND_KIND, on_click)
