"""Temporary: keeps ``bot/core/answers.py`` importing ``Route`` and ``Suggestion`` from here
while that module moves to ``bot/cards/`` on another branch. Everything else imports
``bot.core.router.routes`` / ``bot.core.router.matcher``; delete this file after that merge."""

from bot.core.router.routes import Route, Suggestion

__all__ = ["Route", "Suggestion"]
