"""Pure helpers of the score commands: the /leaderboard option choices."""

from __future__ import annotations

from discord import app_commands

PERIOD_CHOICES = [
    app_commands.Choice(name=n, value=v)
    for n, v in (("This week", "week"), ("This month", "month"), ("All time", "all"))
]
KIND_CHOICES = [
    app_commands.Choice(name=n, value=v)
    for n, v in (("Quizzes and daily", "all"), ("Daily questions", "daily"), ("Quiz rounds", "quiz"))
]
