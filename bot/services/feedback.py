"""The feedback loop: members' "Helpful / Not helpful" votes on free-form answers, the queue of
declined and not-helpful questions moderators read with /unanswered, and its export as
knowledge-base stubs.

Privacy: a queue item holds the question anonymised (``bot.core.feedback.anonymise``), what the
bot answered, a count and two times: no member. Only a vote row names its member, so that a
double click counts once and a member can switch; votes are accepted for VOTE_DAYS after the
answer, deleted after that, and by /forget-me. It keeps the member id itself, not a hash of it:
anyone holding the server's member list can hash every id and match, so a hash would only look
anonymous; the row is treated openly as member data instead. Questions asked in DMs go nowhere: a DM is a
private conversation, so neither its declines nor its votes reach any queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import as_utc, utcnow
from bot.core.feedback import ItemKind, ItemStatus, VoteChange, anonymise, answer_key, stubs_yaml
from bot.store.interface import FeedbackStore, NewVote, UnansweredItem

from .common import Clock, current_time

PAGE_SIZE = 4  # items per /unanswered page (each with its buttons: Discord allows 5 rows)
VOTE_DAYS = 14  # how long after an answer its votes count (and vote rows are kept)
DEFAULT_RETENTION_DAYS = 90  # queue items not seen for this long are pruned
PRUNE_EVERY = timedelta(hours=1)  # at most one prune per process per hour, on the record path

THANKS = "Thanks — noted."
DM_THANKS = f"{THANKS} Answers in DMs stay private: nothing is passed to a server's moderators."
TOO_OLD = f"Thanks — but this answer is more than {VOTE_DAYS} days old, so votes on it no longer count."
NO_ITEM = "That item is no longer in the queue (dismissed, or pruned)."


@dataclass(frozen=True, slots=True)
class UnansweredPage:
    """One page of a server's open queue, most asked first."""

    items: tuple[UnansweredItem, ...]
    page: int  # 0-based, clamped to the pages there are
    pages: int  # at least 1
    open_items: int
    kb_items: int  # marked "add to the knowledge base", waiting for the export
    retention_days: int


def vote_message(change: VoteChange, helpful: bool) -> str:
    """What the member who clicked reads (only them)."""
    if change is VoteChange.SAME:
        return f"{THANKS} (You had already said so; it counts once.)"
    if change is VoteChange.SWITCHED:
        return f"{THANKS} Your vote is now “{'Helpful' if helpful else 'Not helpful'}”."
    if helpful:
        return THANKS
    return f"{THANKS} The moderators will see this question, so the answer can be improved."


class FeedbackService:
    def __init__(
        self,
        store: FeedbackStore,
        *,
        clock: Clock = utcnow,
        retention_days: int = DEFAULT_RETENTION_DAYS,
    ) -> None:
        self._store = store
        self.clock = clock
        self.retention_days = retention_days
        self._pruned_at: datetime | None = None

    async def declined(self, guild_id: int | None, question: str, *, now: datetime | None = None) -> bool:
        """Queue a question the bot declined in a server (DMs: nothing); False when nothing was
        queued (a DM, or no words left once anonymised)."""
        text = anonymise(question)
        if guild_id is None or not text:
            return False
        at = current_time(self.clock, now)
        await self._store.add_unanswered(guild_id, ItemKind.DECLINED, text, "", at)
        await self._prune_now_and_then(at)
        return True

    async def vote(
        self,
        guild_id: int | None,
        message_id: int,
        user_id: int,
        *,
        helpful: bool,
        question: str,
        answer: str | None,
        answered_at: datetime,
    ) -> str:
        """Record a member's vote on the answer ``message_id`` (sent at ``answered_at``) to
        ``question``; the sentence to show them. Committed before it returns."""
        now = current_time(self.clock, None)
        if guild_id is None:
            return DM_THANKS
        if now - as_utc(answered_at) > timedelta(days=VOTE_DAYS):
            return TOO_OLD
        new = NewVote(guild_id, message_id, user_id, helpful, anonymise(question), answer_key(answer), now)
        change = await self._store.record_vote(new)
        await self._prune_now_and_then(now)
        return vote_message(change, helpful)

    async def page(self, guild_id: int, page: int = 0) -> UnansweredPage:
        """A page of the server's open items (pruned first, so nothing older than the retention)."""
        await self.prune()
        counts = await self._store.count_unanswered(guild_id)
        total = counts[ItemStatus.OPEN]
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        items = await self._store.unanswered_items(
            guild_id, ItemStatus.OPEN, limit=PAGE_SIZE, offset=page * PAGE_SIZE
        )
        return UnansweredPage(tuple(items), page, pages, total, counts[ItemStatus.KB], self.retention_days)

    async def dismiss(self, guild_id: int, item_id: int) -> str:
        if await self._store.dismiss_unanswered(guild_id, item_id):
            return "Dismissed: if members ask it again, it comes back with a fresh count."
        return NO_ITEM

    async def mark_for_kb(self, guild_id: int, item_id: int) -> str:
        if await self._store.mark_unanswered(guild_id, item_id, ItemStatus.KB):
            return "Marked “add to the knowledge base”: `python -m bot unanswered export` writes its stub."
        return NO_ITEM

    async def kb_items(self, guild_id: int | None = None) -> list[UnansweredItem]:
        return await self._store.kb_items(guild_id)

    async def export_stubs(self, guild_id: int | None = None) -> tuple[int, str]:
        """(how many stubs, the YAML) of the items marked for the knowledge base (every server's
        with None); the same question declined and voted not helpful is one stub."""
        await self.prune()
        questions = list(dict.fromkeys(item.question for item in await self._store.kb_items(guild_id)))
        return len(questions), stubs_yaml([[q] for q in questions])

    async def prune(self, now: datetime | None = None) -> tuple[int, int]:
        """Delete items older than the retention and votes older than the voting window."""
        at = current_time(self.clock, now)
        self._pruned_at = at
        return await self._store.prune_feedback(
            at - timedelta(days=self.retention_days), at - timedelta(days=VOTE_DAYS)
        )

    async def _prune_now_and_then(self, now: datetime) -> None:
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            await self.prune(now)
