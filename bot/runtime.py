"""The old name of :mod:`bot.wiring`, kept for the test harness (``tests/e2e/conftest.py``).

TEMP(merge): the real wiring replaces this module.
"""

from __future__ import annotations

from .wiring import App as Services
from .wiring import build_app as build_services
from .wiring import create_bot

__all__ = ["Services", "build_services", "create_bot"]
