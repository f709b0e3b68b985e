"""The tables an export holds, in load order, with the key their rows are sorted by: shared by
the SQLite and PostgreSQL transfer stores.

``leases`` (migration 0006) is left out on purpose: a lease says which running process owns a
round or a guild's daily work for the next few seconds, which means nothing in another
database or after an import (the importing bot takes its rounds over as they expire).
"""

from __future__ import annotations

# Load order: a row's references (round -> round question -> answer) come before it.
TABLE_KEYS: dict[str, str] = {
    "guild_settings": "guild_id",
    "ask_channels": "guild_id, channel_id",
    "rounds": "id",
    "round_questions": "id",
    "daily_posts": "id",
    "answers": "id",
    "outbox": "id",
    "question_reports": "guild_id, question_id, user_id",
    "retired_questions": "guild_id, question_id",
    "review_cards": "user_id, question_id",
    "review_sync": "user_id",
    "exam_attempts": "id",
    "exam_items": "attempt_id, position",
    "drill_sessions": "id",
    "drill_answers": "session_id, position",
    "study_plans": "user_id",
    "plan_activity": "user_id, local_date, domain",
    "plan_reminders": "user_id, local_date",
    "unanswered_items": "id",
    "feedback_votes": "message_id, user_id",
}
TABLES = tuple(TABLE_KEYS)

# A member's study plan rows (migration 0009): forgetting the member deletes them in every server.
PLAN_TABLES = ("study_plans", "plan_activity", "plan_reminders")
