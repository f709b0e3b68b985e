"""``python -m bot validate``: every content problem, one line each."""

from __future__ import annotations

from bot.core.banks.loader import load_banks, validate_banks

from .config import Settings
from .core.content.problems import Problem
from .core.knowledge.loader import validate_knowledge


def validate_all(settings: Settings) -> tuple[list[Problem], str]:
    kb, problems = validate_knowledge(settings.knowledge_dir)
    summary = (
        f"knowledge: {len(kb.credentials)} credentials, {len(kb.topics)} topics, {len(kb.sources)} sources"
    )
    quiz_problems = validate_banks(settings.quizzes_dir)
    problems.extend(quiz_problems)
    if not quiz_problems:
        library = load_banks(settings.quizzes_dir)
        summary += f"; quizzes: {len(library.overview())} banks, {len(library)} questions"
    return problems, summary + ": OK"
