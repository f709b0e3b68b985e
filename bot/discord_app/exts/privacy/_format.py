"""The privacy slice's texts (pure)."""

from __future__ import annotations

from ....services.privacy import Forgotten

CONFIRM = (
    "This deletes **all your CertCoach data in this server**: every quiz and daily answer, so your "
    "points, streaks and statistics, and your name on rounds you started (the rounds stay for the "
    "others). It cannot be undone. Press **Delete my data** to confirm."
)
ONLY_YOU = "Only the member who asked can confirm this."
CANCELLED = "Cancelled: nothing was deleted."
TIMED_OUT = "No confirmation in time: nothing was deleted. Run /forget-me again if you still want to."
BAD_ID = "That is not a user id: give the number (Developer Mode, right-click the member, Copy User ID)."


def forgotten_self(result: Forgotten) -> str:
    return f"Done: your data in this server is gone. {result.summary}"


def forgotten_member(result: Forgotten) -> str:
    return f"Done: the data of user {result.user_id} in this server is gone. {result.summary}"


def parse_user_id(text: str) -> int | None:
    """A Discord user id from ``123``, ``<@123>`` or ``<@!123>``; None if it is not one."""
    digits = text.strip().removeprefix("<@").removeprefix("!").removesuffix(">")
    return int(digits) if digits.isdigit() and 0 < int(digits) < 2**64 else None
