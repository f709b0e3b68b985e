"""Wiring: load content, open the store, and build the bot — shared by every entry point.

The real entry point (``python -m bot run``), the console and the test harness all call
:func:`build_services` and :func:`create_bot`, so tests exercise the same wiring as production.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .config import Settings
from .core.knowledge import load_knowledge
from .services.knowledge import KnowledgeService

log = logging.getLogger("certcoach")


@dataclass
class Services:
    settings: Settings
    knowledge: KnowledgeService
    quiz: Any = None  # QuizService once the store is open

    async def close(self) -> None:
        if self.quiz is not None:
            await self.quiz.close()


async def build_services(settings: Settings) -> Services:
    """Load and validate content (raises ContentError) and open the store."""
    kb = load_knowledge(settings.knowledge_dir)
    services = Services(settings=settings, knowledge=KnowledgeService(kb))
    log.info("knowledge loaded: %d credentials, %d topics", len(kb.credentials), len(kb.topics))
    return services


def create_bot(settings: Settings, services: Services):
    from .discord_app.client import create_bot as _create

    return _create(settings, services)
