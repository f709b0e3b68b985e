"""What a console command group is: named handlers from arguments to the text to print."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from ..cards.model import Card

Handler = Callable[[list[str]], Awaitable[str]]  # a command's arguments -> the text to print
LineHook = Callable[[str], Awaitable[str | None]]  # a plain line -> text, or None: not mine
Render = Callable[[Card], str]  # a card as console text


class CommandGroup(Protocol):
    def commands(self) -> dict[str, Handler]: ...
