"""The command list as a card, shared by /help in Discord and /help in the console."""

from __future__ import annotations

from .model import Card, Code, Inline

KNOWLEDGE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("/ask question", "Ask anything about coding certifications (or just mention me / DM me)."),
    ("/compare first second", "Compare two credentials side by side, e.g. /compare CPC CCS."),
    ("/cert name", "Everything about one credential, e.g. /cert CRC (with sources: every source, dated)."),
    ("/certs", "Overview of every credential I know."),
    ("/path setting", "Which credential fits: outpatient, inpatient, payer or risk-adjustment."),
    (
        "/code lookup code",
        "An ICD-10-CM code: description, billable or not, its notes, e.g. /code lookup J45.909.",
    ),
    ("/code search words", "ICD-10-CM codes for words, lay terms or abbreviations, e.g. /code search ckd 4."),
    ("/help", "This list."),
)

QUIZ_COMMANDS: tuple[tuple[str, str], ...] = (
    ("/quiz start [exam] [domain] [bank] [questions] [seconds]", "Start a quiz round in this channel."),
    ("/quiz stop", "Stop the round (the starter or a moderator)."),
    ("/quiz banks", "List question banks and their counts per area."),
    ("/stats [member]", "Answered, accuracy, streaks, weakest exam area, chance of passing each exam."),
    ("/review", "Spaced review: the questions you missed, again when they are due."),
    ("/drill [exam] [area] [count]", "A private drill on your weakest area (or the one you name)."),
    ("/leaderboard [period] [kind]", "Top members this week, this month or all time."),
    ("/plan set exam date [hours] | show | off", "Your week-by-week study plan to the exam, with progress."),
    ("/plan remind HH:MM timezone | off", "A daily study reminder by DM, if you want one (Discord only)."),
    ("/forget-me", "Delete all your data in this server (asks you to confirm)."),
)

EXAM_COMMANDS: tuple[tuple[str, str], ...] = (
    ("/exam start [exam] [length]", "A timed mock exam (full, half, quarter or 5+ questions), in your DMs."),
    ("/exam resume", "Your running mock exam again."),
    ("/exam history [exam]", "Your finished mock exams; /exam report attempt shows one."),
)

ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("/daily setup channel time timezone [exam]", "Post a daily question (Manage Server)."),
    ("/daily off", "Stop the daily question (Manage Server)."),
    ("/daily now", "Post today's question now, to test (Manage Server)."),
    ("/config ask-channel channel [enabled]", "Answer every question in a channel (Manage Server)."),
    ("/forget-member user_id", "Delete a departed member's data in this server (Manage Server)."),
    ("/reports list", "The most-reported questions (members use Report under a reveal) (Manage Server)."),
    ("/reports retire|restore question_id", "Take a question out of rotation here, or back (Manage Server)."),
)


def _command_list(commands: tuple[tuple[str, str], ...]) -> tuple[Inline, ...]:
    """One line per command: the command as a literal, then what it does."""
    pieces: list[Inline] = []
    for command, description in commands:
        if pieces:
            pieces.append("\n")
        pieces += [Code(command), f": {description}"]
    return tuple(pieces)


def help_card(*, quizzes: bool, console: bool = False) -> Card:
    card = Card(
        title="CertCoach: how to use me",
        description=(
            "I answer questions about medical-coding certifications (CPC, CCS, CCA, CIC, CCS-P, CRC, "
            "COC, CPC-P and AAPC specialty credentials) from a curated knowledge base, with sources. "
            "When I don't know, I say so."
        ),
    )
    card.fields.append(("Knowledge", _command_list(KNOWLEDGE_COMMANDS)))
    if quizzes:
        card.fields.append(("Quizzes", _command_list(QUIZ_COMMANDS)))
        card.fields.append(("Mock exams", _command_list(EXAM_COMMANDS)))
        if not console:
            card.fields.append(("Moderators", _command_list(ADMIN_COMMANDS)))
    if console:
        card.hint = "Type a command or any question; /quit (or Ctrl-D) leaves."
    else:
        card.hint = "Figures change: confirm fees and CEU rules with AAPC or AHIMA."
    return card
