"""The quiz core: pure, Discord-free and I/O-free except for reading bank files.

* ``bank``: ``Question``, ``Bank``, ``QuizLibrary``, ``load_banks``, ``validate_banks``.
* ``matching``: ``match_typed_answer(text, question) -> int | None``.
* ``scoring``: ``score_answer(correct, elapsed_seconds, time_limit_seconds) -> int``.
* ``streaks``: ``compute_streaks(posts, answers, open_posts) -> Streaks``.
* ``schedule``: ``next_run``, ``local_date``, ``parse_hhmm``, ``catch_up_action``.
* ``selection``: ``pick_round_questions``, ``pick_daily_question``.
* ``rounds``: ``should_reveal``, ``advance_after_reveal``, ``rank_standings``, ``Standing``.
"""

from bot.core.quiz.bank import (
    LETTERS,
    Bank,
    BankSummary,
    Question,
    QuizLibrary,
    load_banks,
    validate_banks,
)
from bot.core.quiz.matching import match_typed_answer
from bot.core.quiz.rounds import (
    MAX_UNANSWERED,
    RoundAdvance,
    Standing,
    advance_after_reveal,
    early_reveal,
    rank_standings,
    should_reveal,
)
from bot.core.quiz.schedule import catch_up_action, local_date, next_run, parse_hhmm
from bot.core.quiz.scoring import BASE_POINTS, MAX_SPEED_BONUS, score_answer, speed_bonus
from bot.core.quiz.selection import pick_daily_question, pick_round_questions
from bot.core.quiz.streaks import Streaks, compute_streaks

__all__ = [
    "BASE_POINTS",
    "LETTERS",
    "MAX_SPEED_BONUS",
    "MAX_UNANSWERED",
    "Bank",
    "BankSummary",
    "Question",
    "QuizLibrary",
    "RoundAdvance",
    "Standing",
    "Streaks",
    "advance_after_reveal",
    "catch_up_action",
    "compute_streaks",
    "early_reveal",
    "load_banks",
    "local_date",
    "match_typed_answer",
    "next_run",
    "parse_hhmm",
    "pick_daily_question",
    "pick_round_questions",
    "rank_standings",
    "score_answer",
    "should_reveal",
    "speed_bonus",
    "validate_banks",
]
