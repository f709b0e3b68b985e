"""Wiring: load content, open the store, build the services and the bot — shared by every
entry point (``python -m bot run``, the console, ``sync``) and the test harness.

TEMP(merge): this is the adapters branch's stand-in. The services split (another branch)
brings the real ``App`` with one service per slice; here every quiz attribute points at
today's single ``QuizService``, whose method names the split services keep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .config import Settings
from .core.banks.loader import load_banks
from .core.knowledge.loader import load_knowledge
from .services.knowledge import KnowledgeService
from .services.quiz import QuizService
from .storage import Store

if TYPE_CHECKING:
    from .discord_app.client import CertCoachBot

log = logging.getLogger("certcoach")


@dataclass
class App:
    settings: Settings
    knowledge: KnowledgeService
    # TEMP(merge): one QuizService behind every quiz slice.
    banks: QuizService
    rounds: QuizService
    daily: QuizService
    stats: QuizService
    guild_settings: QuizService
    recovery: QuizService  # startup_recovery()

    async def close(self) -> None:
        await self.rounds.store.close()  # TEMP(merge)


async def build_app(settings: Settings) -> App:
    """Load and validate content (raises ContentError) and open the store."""
    kb = load_knowledge(settings.knowledge_dir)
    library = load_banks(settings.quizzes_dir)
    store = await Store.open(settings.db_path)
    quiz = QuizService(store, library)  # TEMP(merge)
    app = App(
        settings=settings,
        knowledge=KnowledgeService(kb),
        banks=quiz,
        rounds=quiz,
        daily=quiz,
        stats=quiz,
        guild_settings=quiz,
        recovery=quiz,
    )
    log.info(
        "loaded %d credentials, %d topics, %d quiz questions; database %s",
        len(kb.credentials),
        len(kb.topics),
        len(library),
        settings.db_path,
    )
    return app


def create_bot(settings: Settings, app: App, **options: Any) -> CertCoachBot:
    from .discord_app.client import create_bot as _create

    return _create(settings, app, **options)
