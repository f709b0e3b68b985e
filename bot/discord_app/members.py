"""Who is acting: a member's shown name and whether they moderate."""

from __future__ import annotations

import discord


def display_name(user: discord.abc.User) -> str:
    return getattr(user, "display_name", None) or user.name


def is_moderator(interaction: discord.Interaction) -> bool:
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.manage_messages or perms.administrator)
