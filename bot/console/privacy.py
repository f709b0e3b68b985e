"""/forget-me in the console: the first call says what it deletes, ``/forget-me yes`` deletes."""

from __future__ import annotations

from ..services.privacy import PrivacyService
from .commands import Handler
from .identity import CONSOLE_GUILD, CONSOLE_USER

CONFIRM = (
    "This deletes all your CertCoach data here: every quiz and daily answer (points, streaks, "
    "statistics) and your name on rounds you started. It cannot be undone.\n"
    "Type /forget-me yes to confirm."
)


class PrivacyCommands:
    def __init__(self, privacy: PrivacyService) -> None:
        self.privacy = privacy

    def commands(self) -> dict[str, Handler]:
        return {"forget-me": self.forget_me}

    async def forget_me(self, args: list[str]) -> str:
        if [a.lower() for a in args] != ["yes"]:
            return CONFIRM
        result = await self.privacy.forget(CONSOLE_GUILD, CONSOLE_USER)
        return f"Done: your data is gone. {result.summary}"
