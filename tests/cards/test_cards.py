"""Cards are neutral structure: no Discord markup anywhere, emphasis and literals as marked
pieces, a question's choices as (letter, text) pairs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.cards.banks import banks_card
from bot.cards.daily import daily_feedback, daily_question_card, daily_reveal_card
from bot.cards.help import help_card
from bot.cards.knowledge import (
    answer_card,
    cert_card,
    certs_overview_card,
    comparison_card,
    path_card,
)
from bot.cards.model import Card, Code, Name, Strong
from bot.cards.rounds import reveal_card, round_feedback, round_question_card, standings_card
from bot.cards.stats import leaderboard_card, stats_card, streak_line
from bot.core.banks.library import QuizLibrary
from bot.core.banks.loader import load_banks
from bot.core.stats import Standing, Streaks

QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
STREAKS = Streaks(current=3, best=5, current_correct=1, best_correct=4)


@pytest.fixture(scope="module")
def library() -> QuizLibrary:
    return load_banks(QUIZZES)


# The service results as the cards read them (attributes only, so these tests do not depend on
# how the services build their results).


def round_question(library: QuizLibrary) -> SimpleNamespace:
    question = next(iter(library.questions.values()))
    return SimpleNamespace(id=9, number=1, total=5, question=question, seconds=30)


def summary(library: QuizLibrary) -> SimpleNamespace:
    q = next(iter(library.questions.values()))
    counts = tuple(range(len(q.choices)))
    return SimpleNamespace(
        question=q, correct_letter="ABCDE"[q.answer], correct_text=q.choices[q.answer],
        explanation=q.explanation, source=q.source, correct_users=((1, "ann"),), counts=counts,
        shares=tuple(c / sum(counts) for c in counts), total=sum(counts),
    )  # fmt: skip


def answer(**fields: object) -> SimpleNamespace:
    defaults: dict[str, object] = {"too_late": False, "duplicate": False, "correct": None, "points": 0}
    defaults |= {"choice_index": None, "correct_index": None, "explanation": "", "streaks": None}
    return SimpleNamespace(**(defaults | fields))


def member_stats() -> SimpleNamespace:
    coding = SimpleNamespace(title="Coding", answered=4, accuracy=0.25)
    return SimpleNamespace(
        answered=4, correct=1, accuracy=0.25, points=15, streaks=STREAKS, domains=(coding,), weakest=coding
    )


def strings(card: Card) -> list[str]:
    """Every plain string a card carries (the words of marked pieces are checked as words)."""
    texts = [card.title, card.description, card.hint, *card.notes]
    texts += [s for pair in card.choices for s in pair]
    texts += [text for pair in card.fields for text in pair]
    if card.table:
        texts += [*card.table.headers, *(cell for row in card.table.rows for cell in row)]
    out: list[str] = []
    for text in texts:
        out += [text] if isinstance(text, str) else [p if isinstance(p, str) else p.text for p in text]
    return out


def test_member_names_are_marked_as_names(library):
    board = leaderboard_card([Standing(1, 1, "**ann**", 15, 1, 1)], "week", "all")
    assert board.table is not None and board.table.rows[0][1] == (Name("**ann**"),)
    assert stats_card(member_stats(), "[x](y)").title == ("Stats for ", Name("[x](y)"))
    got_it = dict(reveal_card(summary(library)).fields)["Got it right"]
    assert got_it == (Name("ann"),)


def every_card(knowledge, library) -> list[Card]:
    kb = knowledge.kb
    cards = [certs_overview_card(kb, knowledge.certs())]
    cards += [cert_card(kb, knowledge.cert(c.abbr)) for c in kb.credentials.values()]
    cards += [comparison_card(kb, knowledge.compare("CPC", other)) for other in ("CCS", "CPC", "XYZ")]
    cards += [path_card(kb, knowledge.path(p)) for p in ("inpatient", "moon")]
    cards += [answer_card(kb, knowledge.ask(q)) for q in ("cpc vs ccs", "pizza", "how many ceus for the cpc")]
    cards += [help_card(quizzes=q, console=c) for q in (True, False) for c in (True, False)]
    rq = round_question(library)
    cards += [round_question_card(rq), daily_question_card(rq.question, date(2026, 1, 5))]
    cards += [reveal_card(summary(library)), daily_reveal_card(summary(library), date(2026, 1, 5))]
    cards += [standings_card([Standing(1, 1, "ann", 15, 1, 1)], "completed"), standings_card([], None)]
    cards += [
        leaderboard_card([Standing(1, 1, "ann", 15, 1, 1)], "week", "all"),
        banks_card(library.overview()),
    ]
    cards.append(stats_card(member_stats(), "ann"))
    return cards


def test_no_card_carries_discord_markup(knowledge, library):
    cards = every_card(knowledge, library)
    assert len(cards) > 40
    for card in cards:
        for s in strings(card):
            assert "**" not in s and "`" not in s, (card.title, s)


def test_question_choices_are_letter_text_pairs(library):
    rq = round_question(library)
    card = round_question_card(rq, typed_answers=False)
    assert card.description == rq.question.stem
    assert card.choices == tuple(zip("ABCDE", rq.question.choices, strict=False))
    assert card.hint.endswith("30 s · Click a letter. One answer per member.")
    typed = round_question_card(rq, typed_answers=True)
    assert "Click a letter or type it (or the answer) in the channel." in typed.hint


def test_feedback_marks_the_letters():
    assert round_feedback(answer(choice_index=1)) == (
        "Locked in ",
        Strong("B"),
        ". The answer is revealed when time is up.",
    )
    assert round_feedback(answer(too_late=True)).startswith("Too late")
    assert round_feedback(answer(duplicate=True, choice_index=2)) == (
        "You already answered C; your first answer counts."
    )
    right = daily_feedback(
        answer(correct=True, points=15, choice_index=0, explanation="Why.", streaks=STREAKS)
    )
    assert right == (Strong("A"), " is correct! +15 points.", "\n\nWhy.", f"\n\n{streak_line(STREAKS)}")
    wrong = daily_feedback(answer(correct=False, choice_index=0, correct_index=2))
    assert wrong == (Strong("A"), " is not right; the answer is ", Strong("C"), ".")


def test_stats_banks_and_help_mark_what_adapters_format(library):
    card = stats_card(member_stats(), "ann")
    assert card.fields == [("Study next", ("Your weakest area is ", Strong("Coding"), " (25% of 4)."))]
    names = [name for name, _ in banks_card(library.overview()).fields]
    assert all(isinstance(n, tuple) and isinstance(n[1], Code) for n in names)
    knowledge_commands = help_card(quizzes=False).fields[0][1]
    assert knowledge_commands[:2] == (
        Code("/ask question"),
        ": Ask anything about coding certifications (or just mention me / DM me).",
    )


def test_knowledge_results_become_cards(knowledge):
    kb = knowledge.kb
    unknown = cert_card(kb, knowledge.cert("CPCZ"))
    assert not unknown.matched and unknown.fields[0][0] == "Did you mean"
    assert "- CPC: Certified Professional Coder" in unknown.fields[0][1]
    far = cert_card(kb, knowledge.cert("zzzzzzzz"))  # nothing close: the credentials known instead
    assert far.fields == [("Credentials I know", ", ".join(c.abbr for c in kb.core_credentials()))]
    assert not path_card(kb, knowledge.path("moon")).matched
    same = comparison_card(kb, knowledge.compare("CPC", "certified professional coder"))
    assert same.title == "CPC: Certified Professional Coder" and same.notes[0].startswith("Both names")
    declined = answer_card(kb, knowledge.ask("good morning everyone"))
    assert not declined.matched
    assert declined.fields and declined.fields[0][0] == "Did you mean"  # suggestions are the point here


def test_neighbour_credentials_answer_but_are_listed_apart(knowledge):
    kb = knowledge.kb
    rhit = cert_card(kb, knowledge.cert("RHIT"))
    assert rhit.matched and rhit.title == "RHIT: Registered Health Information Technician"
    assert dict(rhit.fields)["Certifying body"].startswith("AHIMA")
    ccds = cert_card(kb, knowledge.cert("certified clinical documentation specialist"))
    assert dict(ccds.fields)["Certifying body"] == (
        "ACDIS (Association of Clinical Documentation Integrity Specialists)"
    )
    pair = comparison_card(kb, knowledge.compare("RHIT", "CCS"))
    assert pair.title == "RHIT vs CCS" and pair.table is not None
    salary = {row[0]: row[1:] for row in pair.table.rows}["Salary"]
    assert salary[0] == "No details in the knowledge base" and "$29,883" in salary[1]
    overview = certs_overview_card(kb, knowledge.certs())
    assert overview.table is not None
    listed = {row[0] for row in overview.table.rows}
    assert "CPC" in listed and not listed & {"RHIT", "CPB", "CCDS"}
    neighbours = dict(overview.fields)["Related credentials (short entries, not covered in depth)"]
    assert neighbours.split(", ") == [c.abbr for c in kb.neighbour_credentials()]
