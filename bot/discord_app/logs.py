"""Logs without secrets: a filter that redacts the bot token and interaction tokens at every level.

discord.py logs raw gateway events at DEBUG (an INTERACTION_CREATE carries ``'token': '...'``,
valid for 15 minutes to answer as the bot) and every REST URL, interaction callbacks
(``/interactions/{id}/{token}/callback``) and webhooks (``/webhooks/{app_id}/{token}``) included.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

REDACTED = "[redacted]"
# "token": "..." in JSON, 'token': '...' in a logged dict (any key ending in token).
_TOKEN_FIELD = re.compile(r"""(["'](?:\w*_)?token["']\s*:\s*)(["'])(?:(?!\2).)+\2""", re.I)
_TOKEN_IN_PATH = re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/\s?#'\"]+")


class RedactTokens(logging.Filter):
    """Rewrites each record's message (and traceback) with every token replaced by ``[redacted]``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = _TOKEN_FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}", text)
        return _TOKEN_IN_PATH.sub(rf"\g<1>{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            # Formatters print the traceback from exc_info; put it in the message, redacted.
            message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_info = None
        if record.exc_text:
            message += "\n" + record.exc_text
            record.exc_text = None
        record.msg, record.args = self.redact(message), ()
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def redact_handlers(secrets: Iterable[str] = (), logger: logging.Logger | None = None) -> RedactTokens:
    """Add one :class:`RedactTokens` to every handler of ``logger`` (the root by default)."""
    redactor = RedactTokens(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)
    return redactor
