"""The token filter on every shape discord.py logs a token in, and the start-up back-off."""

from __future__ import annotations

import itertools
import logging

from bot.discord_app.logs import REDACTED, RedactTokens
from bot.discord_app.startup import Backoff


def record(msg: str, *args: object, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("discord.gateway", logging.DEBUG, __file__, 1, msg, args, exc_info)


def test_tokens_are_redacted_in_payloads_urls_and_tracebacks():
    redactor = RedactTokens(["Bot.Secret.Token"])
    cases = {
        '{"t": "INTERACTION_CREATE", "d": {"token": "aW50ZXJhY3Rpb246MTIz", "id": "5"}}': (
            f'{{"t": "INTERACTION_CREATE", "d": {{"token": "{REDACTED}", "id": "5"}}}}'
        ),
        "{'token': 'aW50.ZX-J_h', 'continuation_token': 'x'}": (
            f"{{'token': '{REDACTED}', 'continuation_token': '{REDACTED}'}}"
        ),
        "POST https://discord.com/api/v10/interactions/123/aW50ZXJh/callback": (
            f"POST https://discord.com/api/v10/interactions/123/{REDACTED}/callback"
        ),
        "PATCH https://discord.com/api/v10/webhooks/456/aW50ZXJh/messages/@original": (
            f"PATCH https://discord.com/api/v10/webhooks/456/{REDACTED}/messages/@original"
        ),
        "Authorization: Bot Bot.Secret.Token": f"Authorization: Bot {REDACTED}",
        "nothing secret: 'tokens' 3": "nothing secret: 'tokens' 3",
    }
    for raw, expected in cases.items():
        rec = record("%s", raw)
        assert redactor.filter(rec) is True
        assert rec.getMessage() == expected
    try:
        raise ValueError("failed: /webhooks/1/sekrit-token")
    except ValueError as exc:
        rec = record("request failed", exc_info=(type(exc), exc, exc.__traceback__))
    redactor.filter(rec)
    assert rec.exc_info is None and "sekrit-token" not in rec.getMessage()
    assert "Traceback" in rec.getMessage() and f"/webhooks/1/{REDACTED}" in rec.getMessage()


def test_back_off_doubles_up_to_the_cap():
    assert list(itertools.islice(Backoff(first=1, cap=10).delays(), 6)) == [1, 2, 4, 8, 10, 10]
    assert list(itertools.islice(Backoff().delays(), 8))[-1] == 60
