"""``python -m bot validate``: every content problem, one line each.

Besides what the loaders check, content must fit where Discord shows it: every question and
knowledge entry is rendered with the real card builders and the Discord adapter's formatting,
in its longest plausible form (the longest streak line, fifteen long member names, the largest
counts), and each part is measured against Discord's limit for it. A part over its limit is
reported under the entry, naming the field to shorten, by how much, and where it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .cards.banks import banks_card
from .cards.daily import daily_feedback, daily_question_card, daily_reveal_card
from .cards.knowledge import compare_card, credential_card, fact_card, topic_card
from .cards.model import Card, Text
from .cards.rounds import reveal_card, round_question_card
from .config import Settings
from .core.banks.library import Question, QuizLibrary
from .core.banks.loader import read_banks
from .core.blueprints.loader import check_against_banks, read_blueprints
from .core.codes.synonyms import SYNONYMS_FILE, Synonyms, read_synonyms, unknown_words
from .core.content.problems import Problem, display_path
from .core.knowledge.loader import validate_knowledge
from .core.knowledge.model import Credential, KnowledgeBase, Topic
from .core.scoring import AnswerStatus
from .core.stats import Streaks
from .discord_app.embeds import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    MESSAGE_LIMIT,
    TITLE_LIMIT,
    _footer,
    description_parts,
    embed_fields,
    markdown,
)
from .services.codes_data import CodeDataError, load_code_data
from .services.results import AnswerResult, RevealSummary, RoundQuestion

CHOICE_NAME_LIMIT = 100  # a slash-command choice or autocomplete suggestion
LONG_NAME = "_" * 32  # display names are at most 32 characters; each of these may be escaped
MANY = 99_999  # counts, points and streaks: wider than any real one
LONG_DATE = date(2026, 12, 31)


@dataclass(frozen=True, slots=True)
class Spot:
    """One part of one message as Discord would receive it, and Discord's limit for it."""

    where: str
    text: str
    limit: int


# --------------------------------------------------------------------------- measuring


def embed_spots(card: Card, post: str, *, whole: bool = True) -> list[Spot]:
    """Every part of ``card`` as the Discord adapter renders it, before any clipping (and the
    embed as a whole unless ``whole`` is False)."""
    description = "\n\n".join(part for part in description_parts(card) if part)
    fields = embed_fields(card)
    footer = _footer(card)
    title = markdown(card.title)
    spots = [
        Spot(f"the title of {post}", title, TITLE_LIMIT),
        Spot(f"the description of {post}", description, DESCRIPTION_LIMIT),
    ]
    for name, value in fields:
        spots.append(Spot(f"the name of field {name[:40]!r} of {post}", name, FIELD_NAME_LIMIT))
        spots.append(Spot(f"field {name[:40]!r} of {post}", value, FIELD_VALUE_LIMIT))
    spots.append(Spot(f"the footer of {post}", footer, FOOTER_LIMIT))
    if whole:
        text = "".join([title, description, footer, *(n + v for n, v in fields)])
        spots.append(Spot(f"{post} as a whole (one embed)", text, EMBED_TOTAL_LIMIT))
    return spots


def message_spot(text: Text, where: str) -> Spot:
    return Spot(where, markdown(text), MESSAGE_LIMIT)


def _blame(texts: dict[str, str], shown: str) -> str:
    """The content fields that make up a part (at least a twentieth of it each), the longest
    first: what an author would shorten."""
    found = sorted(
        (name for name, text in texts.items() if len(text) * 20 >= len(shown) and text in shown),
        key=lambda name: -len(texts[name]),
    )
    if not found:
        return "its texts"
    return found[0] if len(found) == 1 else f"{found[0]} (together with {', '.join(found[1:])})"


def overflows(file: str, entry: str, texts: dict[str, str], spots: Iterable[Spot]) -> list[Problem]:
    """A problem for every place a part is over its limit (the longest rendering there)."""
    worst: dict[str, Spot] = {}
    for spot in spots:
        shown = worst.get(spot.where)
        if len(spot.text) > spot.limit and (shown is None or len(spot.text) > len(shown.text)):
            worst[spot.where] = spot
    return [
        Problem(
            file,
            entry,
            f"{_blame(texts, spot.text)} too long by {len(spot.text) - spot.limit:,} characters for "
            f"{spot.where}: {len(spot.text):,} characters, Discord's limit is {spot.limit:,}",
        )
        for spot in worst.values()
    ]


# --------------------------------------------------------------------------- questions


def _summary(q: Question) -> RevealSummary:
    n = len(q.choices)
    return RevealSummary(
        question=q,
        correct_index=q.answer,
        explanation=q.explanation,
        source=q.source,
        correct_users=tuple((i, LONG_NAME) for i in range(100)),  # fifteen shown, "and 85 more"
        counts=(MANY,) * n,
        shares=(1.0,) * n,
        total=MANY * n,
    )


def _round_question(q: Question) -> RoundQuestion:
    now = datetime(2026, 12, 31, tzinfo=UTC)
    return RoundQuestion(
        id=MANY,
        round_id=MANY,
        index=98,
        number=99,
        total=99,
        question=q,
        seconds=999,
        message_id=None,
        posted_at=now,
        deadline=now,
    )


def _feedbacks(q: Question) -> Iterator[Text]:
    streaks = Streaks(MANY, MANY, MANY, MANY)
    wrong = (q.answer + 1) % len(q.choices)
    for status, choice in (
        (AnswerStatus.ACCEPTED, q.answer),
        (AnswerStatus.ACCEPTED, wrong),
        (AnswerStatus.DUPLICATE, wrong),
    ):
        yield daily_feedback(
            AnswerResult(
                status=status,
                correct_index=q.answer,
                explanation=q.explanation,
                correct=choice == q.answer,
                points=MANY,
                choice_index=choice,
                streaks=streaks,
            )
        )


def question_spots(q: Question) -> Iterator[Spot]:
    yield from embed_spots(round_question_card(_round_question(q)), "the quiz round's question post")
    yield from embed_spots(daily_question_card(q, LONG_DATE), "the daily question post")
    yield from embed_spots(reveal_card(_summary(q)), "the quiz round's answer post")
    yield from embed_spots(daily_reveal_card(_summary(q), LONG_DATE), "the daily answer post")
    for text in _feedbacks(q):
        yield message_spot(text, "the private feedback on a daily answer (one message)")


def question_texts(q: Question) -> dict[str, str]:
    texts = {"stem": q.stem, "explanation": q.explanation, "source": q.source}
    texts.update((f"choice {'ABCDE'[i]}", choice) for i, choice in enumerate(q.choices))
    return texts


def check_questions(library: QuizLibrary, directory: str = "quizzes") -> list[Problem]:
    problems: list[Problem] = []
    for bank in library.banks:
        suggestion = Spot(
            "the /quiz start bank suggestions", f"{bank.title} ({len(bank.questions)})", CHOICE_NAME_LIMIT
        )
        problems += overflows(bank.file, bank.id, {"title": bank.title}, [suggestion])
        for q in bank.questions:
            problems += overflows(bank.file, q.id, question_texts(q), question_spots(q))
    banks = embed_spots(banks_card(library.overview()), "the /quiz banks answer")
    titles = {f"the title of bank {b.id}": b.title for b in library.banks}
    problems += overflows(directory, "the banks together", titles, banks)
    return problems


# --------------------------------------------------------------------------- knowledge


def entry_texts(entry: Credential | Topic) -> dict[str, str]:
    if isinstance(entry, Credential):
        texts = {"name": entry.name, "summary": entry.summary}
        for facet, fact in entry.facts.items():
            texts[f"facts.{facet}.text"] = fact.text
            if fact.update:
                texts[f"facts.{facet}.update.current"] = fact.update.current
        return texts
    texts = {"title": entry.title, "text": entry.text}
    for i, section in enumerate(entry.sections):
        texts[f"sections[{i}].heading"] = section.heading
        texts[f"sections[{i}].text"] = section.text
    if entry.update:
        texts["update.current"] = entry.update.current
    return texts


def credential_spots(kb: KnowledgeBase, cred: Credential) -> Iterator[Spot]:
    yield Spot("the credential name suggestions", f"{cred.abbr}: {cred.name}", CHOICE_NAME_LIMIT)
    yield from embed_spots(credential_card(kb, cred), f"the /cert {cred.abbr} answer")
    for facet in cred.facts:
        yield from embed_spots(fact_card(kb, cred, facet), f"the answer about its {facet}")
    # A comparison abbreviates every cell already, and the adapter shortens its longest cell to
    # fit two entries into one embed: only its parts are an author's to keep within limits.
    for other in kb.credentials.values():
        if other.id != cred.id:
            yield from embed_spots(compare_card(kb, cred, other), "a /compare answer", whole=False)


def check_knowledge(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    for cred in kb.credentials.values():
        problems += overflows(cred.file, cred.id, entry_texts(cred), credential_spots(kb, cred))
    for topic in kb.topics.values():
        spots = embed_spots(topic_card(kb, topic), "the answer on the topic")
        problems += overflows(topic.file, topic.id, entry_texts(topic), spots)
    return problems


# --------------------------------------------------------------------------- all


def _synonym_words(settings: Settings, synonyms: Synonyms) -> list[Problem]:
    """Meanings checked against the tabular's words, when the code data can be loaded (its
    cache is built on first use: a second or two)."""
    try:
        data = load_code_data(settings.codes_cache_dir)
    except (CodeDataError, OSError):
        return []  # no data to check against: the look-ups will say so themselves
    file = display_path(settings.knowledge_dir / SYNONYMS_FILE, settings.knowledge_dir.parent)
    return unknown_words(synonyms, data.index.postings.__contains__, file)


def validate_all(settings: Settings) -> tuple[list[Problem], str]:
    kb, problems = validate_knowledge(settings.knowledge_dir)
    if not problems:
        problems += check_knowledge(kb)
    synonyms, synonym_problems = read_synonyms(
        settings.knowledge_dir / SYNONYMS_FILE, settings.knowledge_dir.parent
    )
    problems += synonym_problems or _synonym_words(settings, synonyms)
    summary = (
        f"knowledge: {len(kb.credentials)} credentials, {len(kb.topics)} topics, {len(kb.sources)} sources, "
        f"{len(synonyms.phrases)} code synonyms"
    )
    library, quiz_problems = read_banks(Path(settings.quizzes_dir))
    quiz_problems += check_questions(library, display_path(Path(settings.quizzes_dir)))
    problems.extend(quiz_problems)
    if not quiz_problems:
        summary += f"; quizzes: {len(library.overview())} banks, {len(library)} questions"
    blueprints, blueprint_problems = read_blueprints(settings.blueprints_dir)
    if not quiz_problems:
        blueprint_problems += check_against_banks(blueprints, library)
    problems.extend(blueprint_problems)
    summary += f"; blueprints: {', '.join(sorted(blueprints))}"
    return problems, summary + ": OK"
