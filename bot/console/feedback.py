"""/unanswered in the console: the console's server queue of declined and "not helpful"
questions (``/unanswered [PAGE]``, then ``/unanswered dismiss N`` or ``/unanswered kb N`` for
item #N of the page shown last): the console's member is its own server's moderator."""

from __future__ import annotations

from ..cards.feedback import unanswered_card
from ..services.feedback import PAGE_SIZE, FeedbackService
from .commands import Handler, Render
from .identity import CONSOLE_GUILD

USAGE = "Usage: /unanswered [PAGE], /unanswered dismiss N or /unanswered kb N (N: an item's # on the page)."


class FeedbackCommands:
    def __init__(self, feedback: FeedbackService, render: Render) -> None:
        self.feedback = feedback
        self.render = render
        self._shown: dict[int, int] = {}  # item number on the last page shown -> item id

    def commands(self) -> dict[str, Handler]:
        return {"unanswered": self.unanswered}

    async def unanswered(self, args: list[str]) -> str:
        words = [a.lower().lstrip("#") for a in args]
        if not words or (len(words) == 1 and words[0].isdigit()):
            return await self._show(int(words[0]) - 1 if words else 0)
        if len(words) != 2 or words[0] not in ("dismiss", "kb") or not words[1].isdigit():
            return USAGE
        item_id = self._shown.get(int(words[1]))
        if item_id is None:
            return f"No item #{words[1]} on the page shown last: run /unanswered first."
        if words[0] == "dismiss":
            note = await self.feedback.dismiss(CONSOLE_GUILD, item_id)
        else:
            note = await self.feedback.mark_for_kb(CONSOLE_GUILD, item_id)
        return note + "\n\n" + await self._show(0)

    async def _show(self, page_number: int) -> str:
        page = await self.feedback.page(CONSOLE_GUILD, page_number)
        first = page.page * PAGE_SIZE + 1
        self._shown = {first + n: item.id for n, item in enumerate(page.items)}
        return self.render(unanswered_card(page))
