"""The answer path's look-up of a posted round question and its round.

A posted round question never changes except for "revealed", which the store checks inside
the answer's own transaction, so the facts the answer path needs (ids, guild, posting time,
deadline, seconds) are kept once read.  The first clicks of a burst share one look-up
(``SharedReads``) instead of one pair of queries each.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from bot.store.interface import RoundsStore
from bot.store.records import RoundQuestionRecord, RoundRecord

from .errors import NotFound
from .shared_reads import SharedReads

POSTED_CACHE_SIZE = 4096
REVEALED_CACHE_SIZE = 100_000


class PostedQuestions:
    def __init__(self, rounds: RoundsStore) -> None:
        self._rounds = rounds
        self._posted: OrderedDict[int, tuple[RoundQuestionRecord, RoundRecord]] = OrderedDict()
        self._revealed: set[int] = set()  # revealed by this process: refuse without a query
        self._reads = SharedReads(self._read)

    async def get(self, rq_id: int) -> tuple[RoundQuestionRecord, RoundRecord]:
        """(question, its round); only their immutable fields may be used.  Raises NotFound."""
        hit = self._posted.get(rq_id)
        if hit is not None:
            self._posted.move_to_end(rq_id)
            return hit
        return await self._reads.get(rq_id)

    def remember(self, rq: RoundQuestionRecord, rnd: RoundRecord) -> None:
        """Keep a question this process just posted: its first clicks need no look-up."""
        self._posted[rq.id] = (rq, rnd)
        while len(self._posted) > POSTED_CACHE_SIZE:
            self._posted.popitem(last=False)

    def revealed_here(self, rq_id: int) -> bool:
        """Revealed by this process (a shortcut only: the store refuses late answers anyway)."""
        return rq_id in self._revealed

    def mark_revealed(self, rq_ids: Iterable[int]) -> None:
        if len(self._revealed) > REVEALED_CACHE_SIZE:
            self._revealed.clear()
        self._revealed.update(rq_ids)

    async def _read(self, rq_id: int) -> tuple[RoundQuestionRecord, RoundRecord]:
        rq = await self._rounds.get_round_question(rq_id)
        if rq is None:
            raise NotFound("I can't find that quiz question.")
        rnd = await self._rounds.get_round(rq.round_id)
        if rnd is None:
            raise NotFound("I can't find that quiz.")
        if rq.revealed:
            self.mark_revealed((rq_id,))
        self.remember(rq, rnd)
        return rq, rnd
