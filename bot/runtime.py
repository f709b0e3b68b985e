"""Wiring: load content, open the store, and build the bot — shared by every entry point.

The real entry point (``python -m bot run``), the console and the test harness all call
:func:`build_services` and :func:`create_bot`, so tests exercise the same wiring as production.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.banks.loader import load_banks

from .config import Settings
from .core.knowledge.loader import load_knowledge
from .services.knowledge import KnowledgeService
from .services.quiz import QuizService
from .storage import Store

log = logging.getLogger("certcoach")


@dataclass
class Services:
    settings: Settings
    knowledge: KnowledgeService
    quiz: QuizService | None = None

    async def close(self) -> None:
        if self.quiz is not None:
            await self.quiz.store.close()

    def quiz_console(self, console):
        """The console's quiz commands (see bot/console_quiz.py)."""
        from .console_quiz import QuizConsole

        return QuizConsole(self, console)


async def build_services(settings: Settings) -> Services:
    """Load and validate content (raises ContentError) and open the store."""
    kb = load_knowledge(settings.knowledge_dir)
    library = load_banks(settings.quizzes_dir)
    store = await Store.open(settings.db_path)
    services = Services(settings=settings, knowledge=KnowledgeService(kb), quiz=QuizService(store, library))
    log.info(
        "loaded %d credentials, %d topics, %d quiz questions; database %s",
        len(kb.credentials),
        len(kb.topics),
        len(library),
        settings.db_path,
    )
    return services


def create_bot(settings: Settings, services: Services, **options):
    from .discord_app.client import create_bot as _create

    return _create(settings, services, **options)
