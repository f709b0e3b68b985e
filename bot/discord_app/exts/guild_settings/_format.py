"""Pure helpers of the server settings: the reply to /config ask-channel."""

from __future__ import annotations

MESSAGE_CONTENT_NOTE = (
    "\nNote: I can only read ordinary messages with the Message Content intent "
    "(CERTCOACH_MESSAGE_CONTENT=1 and the intent enabled in the developer portal). "
    "Until then I answer mentions there."
)


def ask_channel_message(channel_mention: str, *, enabled: bool, message_content: bool) -> str:
    note = MESSAGE_CONTENT_NOTE if enabled and not message_content else ""
    state = "will answer every question" if enabled else "no longer answer every question"
    return f"I {state} in {channel_mention}.{note}"
