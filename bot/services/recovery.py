"""Start-up recovery and takeover: what to do with the rounds and daily posts that a previous
run, or another process that died, left behind.

With several processes on one database each works only on what it owns (see ``ownership``):
the rounds of the guilds it handles (its shards) whose lease it can take (free, expired, or
its own), and the daily posts of those guilds.  The periodic takeover is the start-up rule
run again: a round whose holder died has an expired lease and is resumed by the process that
takes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import utcnow

from .common import Clock, current_time
from .daily import DailyPost, DailyService
from .errors import NotFound
from .ownership import ROUND_LEASE, GuildFilter, OwnershipService, daily_lease, every_guild, round_lease
from .posts import PostsService
from .results import Round, RoundEnd
from .rounds import RoundsService

STALE_ROUND = timedelta(minutes=15)  # at start-up, older idle rounds are finished, not resumed


@dataclass(frozen=True, slots=True)
class RecoveryPlan:
    """What to do after a restart (see ``RecoveryService.startup_recovery``)."""

    resume_rounds: tuple[Round, ...] = ()
    finished_rounds: tuple[RoundEnd, ...] = ()
    daily_to_send: tuple[DailyPost, ...] = ()
    daily_to_reveal: tuple[DailyPost, ...] = ()


class RecoveryService:
    def __init__(
        self,
        rounds: RoundsService,
        daily: DailyService,
        *,
        posts: PostsService | None = None,
        ownership: OwnershipService | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self._rounds = rounds
        self._daily = daily
        self._posts = posts  # records the standings of the rounds it expires before expiring them
        self._ownership = ownership  # None: a single process owns everything
        self.clock = clock

    async def startup_recovery(
        self,
        now: datetime | None = None,
        stale_after: timedelta = STALE_ROUND,
        guilds: GuildFilter = every_guild,
    ) -> RecoveryPlan:
        """Decide what to do with state left by the previous run, in ``guilds`` only.

        * Active rounds this process can own (see :meth:`take_over`): those idle longer than
          ``stale_after`` are finished (reason "expired"), their standings in
          ``finished_rounds`` for an announcement; the others are in ``resume_rounds``: reveal
          the open question when its deadline passes, or post the next one.
        * ``daily_to_send``: today's posts created but never sent (send them now).
        * ``daily_to_reveal``: unrevealed daily posts that are due to be revealed.
        Post and reveal daily posts under the guild's daily lease (``OwnershipService.holding``).
        Missed daily runs are handled by ``DailyService.due_daily`` (post if the local day is
        not over).
        """
        now = current_time(self.clock, now)
        plan = await self.take_over(now, stale_after, guilds)
        to_send = [p for p in await self._daily.unsent_posts_for_today(now) if guilds(p.guild_id)]
        to_reveal = [p for p in await self._daily.daily_posts_to_reveal(now) if guilds(p.guild_id)]
        return RecoveryPlan(plan.resume_rounds, plan.finished_rounds, tuple(to_send), tuple(to_reveal))

    async def take_over(
        self,
        now: datetime | None = None,
        stale_after: timedelta = STALE_ROUND,
        guilds: GuildFilter = every_guild,
    ) -> RecoveryPlan:
        """The active rounds of ``guilds`` that no live process holds (their holder died, or
        never took them), each now leased to this process: resumed or, when stale, finished.
        Rounds another process holds are left alone; rounds this process already holds are
        in the plan again (an adapter already running one ignores it)."""
        now = current_time(self.clock, now)
        expiring = self._posts.expiring if self._posts is not None else None

        async def mine(rnd: Round) -> bool:
            return guilds(rnd.guild_id) and await self.claim_round(rnd.id)

        resume, finished = await self._rounds.resume_or_expire(now, stale_after, expiring, mine)
        await self._forget_finished_rounds()
        return RecoveryPlan(resume_rounds=tuple(resume), finished_rounds=tuple(finished))

    async def _forget_finished_rounds(self) -> None:
        """Delete the expired leases of rounds that are over (a holder died after the round
        ended another way, e.g. /quiz stop in another process), so the table stays small."""
        if self._ownership is None:
            return
        for resource in await self._ownership.expired(ROUND_LEASE):
            try:
                over = not (await self._rounds.get_round(int(resource[len(ROUND_LEASE) :]))).active
            except (NotFound, ValueError):
                over = True
            if over and await self._ownership.claim(resource):
                await self._ownership.release(resource)

    async def claim_round(self, round_id: int) -> bool:
        """Take (or renew) the round's lease: True when this process owns the round now."""
        return self._ownership is None or await self._ownership.claim(round_lease(round_id))

    async def owns_round(self, round_id: int, guilds: GuildFilter = every_guild) -> bool:
        """Whether this process may work on the round (its guild is one of ``guilds`` and the
        lease is, or has just become, this process's): for what the outbox left pending."""
        try:
            rnd = await self._rounds.get_round(round_id)
        except NotFound:
            return True  # nothing left to own: the posts service drops the intent
        return guilds(rnd.guild_id) and await self.claim_round(round_id)

    async def release_round(self, round_id: int) -> None:
        """This process is done with the round (finished, and its messages posted)."""
        if self._ownership is not None:
            await self._ownership.release(round_lease(round_id))

    async def owns_daily(self, guild_id: int, guilds: GuildFilter = every_guild) -> bool:
        """Take (or renew) the guild's daily lease, for a daily reveal left pending."""
        if not guilds(guild_id):
            return False
        return self._ownership is None or await self._ownership.claim(daily_lease(guild_id))

    async def release_daily(self, guild_id: int) -> None:
        if self._ownership is not None:
            await self._ownership.release(daily_lease(guild_id))
