"""Wiring: load content, open the store, build each service with its collaborators, create the
bot — shared by every entry point.

The real entry point (``python -m bot run``), the console and the test harness all call
:func:`build_app` and :func:`create_bot`, so tests exercise the same wiring as production.
This is the one module that imports every layer.
"""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import PROJECT_ROOT, Settings
from .core.banks.library import QuizLibrary
from .core.banks.loader import load_banks
from .core.blueprints.loader import load_blueprints
from .core.blueprints.model import Blueprint
from .core.clock import utcnow
from .core.codes.synonyms import load_synonyms
from .core.knowledge.loader import load_knowledge
from .services.banks import BanksService
from .services.charts import ChartService
from .services.codes import CodesService
from .services.common import Clock
from .services.daily import DailyService
from .services.drills import DrillService
from .services.exams import ExamService
from .services.feedback import DEFAULT_RETENTION_DAYS, FeedbackService
from .services.guild_settings import GuildSettingsService
from .services.knowledge import KnowledgeService
from .services.ownership import DEFAULT_LEASE_TTL, OwnershipService, new_instance_id
from .services.plans import PlanService
from .services.posts import PostsService
from .services.practice import PracticeEvents
from .services.practice_drills import PracticeDrillService
from .services.privacy import PrivacyService
from .services.readiness import ExamHistory, ReadinessService
from .services.recovery import RecoveryService
from .services.reports import ReportsService
from .services.review import ReviewService
from .services.rounds import RoundsService
from .services.stats import StatsService
from .store import Store, backup_sqlite, open_store
from .store.interface import TransferStore

if TYPE_CHECKING:
    from .discord_app.client import CertCoachBot

log = logging.getLogger("certcoach")


@dataclass(eq=False)
class App:
    """Settings and one attribute per service: what the adapters receive."""

    settings: Settings
    knowledge: KnowledgeService
    banks: BanksService
    rounds: RoundsService
    daily: DailyService
    stats: StatsService
    guild_settings: GuildSettingsService
    recovery: RecoveryService
    posts: PostsService
    privacy: PrivacyService
    ownership: OwnershipService
    codes: CodesService
    reports: ReportsService
    events: PracticeEvents
    blueprints: dict[str, Blueprint]
    readiness: ReadinessService
    charts: ChartService
    review: ReviewService
    exams: ExamService
    plans: PlanService
    feedback: FeedbackService  # Helpful / Not helpful votes, the /unanswered queue
    _store: Store = field(repr=False)
    practice_drills: PracticeDrillService  # /drill: weak-area drills

    async def close(self) -> None:
        """Give up this process's leases (another process, or this one restarted, takes its
        rounds over at once), then close the database (after queued answers are committed)."""
        try:
            await self.ownership.release_all()
        except Exception:  # the leases expire by themselves
            log.warning("could not release this process's leases at shutdown", exc_info=True)
        await self.plans.close()  # the study-plan activity counted in memory
        await self._store.close()


@dataclass(frozen=True, eq=False)
class QuizServices:
    """The services built on the store, wired to each other: what ``App`` holds besides the
    knowledge service (the service tests build exactly this, on their own store and clock)."""

    banks: BanksService
    rounds: RoundsService
    daily: DailyService
    stats: StatsService
    guild_settings: GuildSettingsService
    recovery: RecoveryService
    posts: PostsService
    privacy: PrivacyService
    ownership: OwnershipService
    reports: ReportsService
    events: PracticeEvents  # every committed answer, for spaced review and the study plan
    blueprints: dict[str, Blueprint]  # exam -> blueprint (blueprints/*.yaml)
    readiness: ReadinessService  # chance of passing per exam, for /stats
    charts: ChartService  # the /stats charts (matplotlib loads at the first one)
    review: ReviewService  # spaced review of missed questions
    exams: ExamService  # mock exams drawn to the blueprints
    practice_drills: PracticeDrillService  # /drill: weak-area drills
    plans: PlanService  # study plans, their progress (from ``events``) and reminders
    feedback: FeedbackService  # votes on free-form answers and the unanswered queue


def build_quiz_services(
    store: Store,
    library: QuizLibrary,
    *,
    clock: Clock = utcnow,
    rng: random.Random | None = None,
    instance_id: str | None = None,
    lease_ttl: timedelta = DEFAULT_LEASE_TTL,
    codes: CodesService | None = None,
    blueprints: dict[str, Blueprint] | None = None,
    exam_history: ExamHistory | None = None,
    chart_dir: Path | None = None,
    unanswered_days: int = DEFAULT_RETENTION_DAYS,
) -> QuizServices:
    """Each store-backed service with its collaborators (one clock, rng and events shared); with
    ``codes`` the generated ICD-10-CM drills are a question source; ``instance_id`` names the leases."""
    rng = rng or random.Random()
    events = PracticeEvents()
    ownership = OwnershipService(
        store.leases, instance_id=instance_id or new_instance_id(), ttl=lease_ttl, clock=clock
    )
    banks = BanksService(library, DrillService(codes) if codes is not None else None)
    reports = ReportsService(store.reports, banks, clock=clock)
    rounds = RoundsService(
        store.rounds, store.answers, banks, clock=clock, rng=rng, reports=reports, events=events
    )
    stats = StatsService(store.answers, clock=clock)
    daily = DailyService(
        *(store.daily, store.answers, store.guilds, banks, stats),
        clock=clock,
        rng=rng,
        reports=reports,
        events=events,
    )
    posts = PostsService(store.outbox, rounds, daily, clock=clock)
    blueprints = blueprints if blueprints is not None else {}
    exams = ExamService(store.exams, banks, blueprints, events, clock=clock, rng=rng)
    return QuizServices(
        banks=banks,
        rounds=rounds,
        daily=daily,
        stats=stats,
        guild_settings=GuildSettingsService(store.guilds, banks, clock=clock),
        recovery=RecoveryService(rounds, daily, posts=posts, ownership=ownership, clock=clock),
        posts=posts,
        privacy=PrivacyService(store.privacy, exams=store.exams),
        ownership=ownership,
        reports=reports,
        events=events,
        blueprints=blueprints,
        readiness=ReadinessService(blueprints, exam_history or exams),
        charts=ChartService(chart_dir or DEFAULT_CHART_DIR),
        review=ReviewService(store.review, banks, blueprints=blueprints, events=events, clock=clock),
        exams=exams,
        practice_drills=PracticeDrillService(store.drills, banks, blueprints, events, clock=clock, rng=rng),
        plans=PlanService(store.plans, blueprints, events=events, clock=clock),
        feedback=FeedbackService(store.feedback, clock=clock, retention_days=unanswered_days),
    )


async def build_app(settings: Settings) -> App:
    """Load and validate content (raises ContentError), open the store, build the services."""
    kb = load_knowledge(settings.knowledge_dir)
    library = load_banks(settings.quizzes_dir)
    blueprints = load_blueprints(settings.blueprints_dir)
    store = await open_store(settings.db_path)
    codes = build_codes_service(settings)
    quiz = build_quiz_services(
        store,
        library,
        lease_ttl=timedelta(seconds=settings.lease_seconds),
        codes=codes,
        blueprints=blueprints,
        chart_dir=chart_dir_for(settings),
        unanswered_days=settings.unanswered_days,
    )
    knowledge = KnowledgeService(kb, codes.clinical_evidence)
    quiz.review.related_topic = knowledge.related_topic  # a leech names the topic to reread
    app = App(
        settings=settings,
        knowledge=knowledge,
        banks=quiz.banks,
        rounds=quiz.rounds,
        daily=quiz.daily,
        stats=quiz.stats,
        guild_settings=quiz.guild_settings,
        recovery=quiz.recovery,
        posts=quiz.posts,
        privacy=quiz.privacy,
        ownership=quiz.ownership,
        _store=store,
        codes=codes,
        reports=quiz.reports,
        events=quiz.events,
        blueprints=quiz.blueprints,
        readiness=quiz.readiness,
        charts=quiz.charts,
        review=quiz.review,
        exams=quiz.exams,
        practice_drills=quiz.practice_drills,
        plans=quiz.plans,
        feedback=quiz.feedback,
    )
    log.info(
        "loaded %d credentials, %d topics, %d quiz questions; database %s; instance %s",
        len(kb.credentials),
        len(kb.topics),
        len(library),
        store.path,  # a PostgreSQL URL without its password
        quiz.ownership.instance_id,
    )
    return app


DEFAULT_CHART_DIR = PROJECT_ROOT / "data" / "charts"


def chart_dir_for(settings: Settings) -> Path:
    """Where the console writes charts: beside an SQLite database, else the default data dir."""
    if isinstance(settings.db_path, Path):
        return settings.db_path.parent / "charts"
    return DEFAULT_CHART_DIR


def build_codes_service(settings: Settings) -> CodesService:
    """The ICD-10-CM tools: the synonym list is validated now, the data loads at first use."""
    return CodesService(settings.codes_cache_dir, load_synonyms(settings.knowledge_dir))


@asynccontextmanager
async def open_transfer(settings: Settings) -> AsyncIterator[TransferStore]:
    """The configured database, migrated to the latest schema, for the ``db`` commands
    (raises ``StoreError`` when it cannot be used)."""
    store = await open_store(settings.db_path)
    try:
        yield store.transfer
    finally:
        await store.close()


@asynccontextmanager
async def open_feedback(settings: Settings) -> AsyncIterator[FeedbackService]:
    """The feedback service on the configured database, for ``python -m bot unanswered``."""
    store = await open_store(settings.db_path)
    try:
        yield FeedbackService(store.feedback, retention_days=settings.unanswered_days)
    finally:
        await store.close()


async def backup_database(settings: Settings, target: Path) -> None:
    """An online copy of the configured SQLite database (raises ``OSError``, ``sqlite3.Error``)."""
    await backup_sqlite(settings.db_path, target)


def create_bot(settings: Settings, app: App, **options: Any) -> CertCoachBot:
    """The Discord bot; ``options`` go to discord.py's Client (tests pass a short guild_ready_timeout)."""
    from .discord_app.client import create_bot as _create

    return _create(settings, app, **options)
