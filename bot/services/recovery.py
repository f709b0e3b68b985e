"""Start-up recovery: what to do with the rounds and daily posts the previous run left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import utcnow

from .common import Clock, current_time
from .daily import DailyPost, DailyService
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
        clock: Clock = utcnow,
    ) -> None:
        self._rounds = rounds
        self._daily = daily
        self._posts = posts  # records the standings of the rounds it expires before expiring them
        self.clock = clock

    async def startup_recovery(
        self, now: datetime | None = None, stale_after: timedelta = STALE_ROUND
    ) -> RecoveryPlan:
        """Decide what to do with state left by the previous run.

        * Active rounds idle longer than ``stale_after`` are finished (reason "expired");
          their standings are in ``finished_rounds`` for an announcement.  The others are
          in ``resume_rounds``: reveal the open question when its deadline passes, or post
          the next one.
        * ``daily_to_send``: today's posts created but never sent (send them now).
        * ``daily_to_reveal``: unrevealed daily posts that are due to be revealed.
        Missed daily runs are handled by ``DailyService.due_daily`` (post if the local day is
        not over).
        """
        now = current_time(self.clock, now)
        expiring = self._posts.expiring if self._posts is not None else None
        resume, finished = await self._rounds.resume_or_expire(now, stale_after, expiring)
        return RecoveryPlan(
            resume_rounds=tuple(resume),
            finished_rounds=tuple(finished),
            daily_to_send=tuple(await self._daily.unsent_posts_for_today(now)),
            daily_to_reveal=tuple(await self._daily.daily_posts_to_reveal(now)),
        )
