"""Errors a member can cause.  Each carries ``message`` (also its ``str()``): a friendly
sentence the adapters show as is."""

from __future__ import annotations


class QuizError(Exception):
    """A member-facing problem; ``message`` is friendly text to show as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RoundAlreadyRunning(QuizError):
    pass


class NoQuestionsMatch(QuizError):
    pass


class InvalidOption(QuizError):
    """A parameter out of range or unknown (count, seconds, time, exam, period, choice...)."""


class UnknownTimezone(InvalidOption):
    pass


class NotAllowed(QuizError):
    pass


class NotFound(QuizError):
    pass


class RoundNotActive(QuizError):
    pass


class DailyNotConfigured(QuizError):
    pass
