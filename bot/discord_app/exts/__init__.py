"""The bot's features as discord.py extensions, one package per slice.

Each package's ``__init__`` has ``async def setup(bot)``, which adds its cog with the services
and shared adapter objects it needs; ``_cog.py`` is the thin cog, the other modules are pure
helpers. The bot loads :data:`EXTENSIONS` in order.
"""

EXTENSIONS: tuple[str, ...] = tuple(
    f"{__name__}.{name}"
    for name in (
        "knowledge",
        "rounds",
        "daily",
        "stats",
        "guild_settings",
        "privacy",
        "codes",
        "reports",
        "review",
        "exams",
        "practice_drills",
        "plans",
        "feedback",
    )
)
