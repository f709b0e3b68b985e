"""Review cards: the verdict names a leech's guideline and topic; times read relative to now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.cards.review import nothing_due_card, review_result_card, review_summary_card, when_text
from bot.core.banks.library import Question
from bot.core.review import Grade
from bot.services.review import Leech, ReviewResult

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
Q = Question(
    id="q-1",
    bank_id="b",
    exams=("CPC",),
    domain="cpc.icd10cm",
    difficulty=1,
    stem="Which code?",
    choices=("Alpha", "Bravo", "Charlie", "Delta"),
    answer=1,
    explanation="Because Bravo.",
    source="ICD-10-CM Guidelines I.C.4",
)


def test_when_text() -> None:
    assert when_text(NOW - timedelta(seconds=1), NOW) == "now"
    assert when_text(NOW + timedelta(minutes=10), NOW) == "in 10 min (2026-03-02 14:10 UTC)"
    assert when_text(NOW + timedelta(hours=5), NOW).startswith("in 5 h")
    assert when_text(NOW + timedelta(days=8), NOW).startswith("in 8 days")


def test_a_leech_names_its_guideline_and_topic() -> None:
    leech = Leech(8, Q.source, "study-tips", "Study tips")
    result = ReviewResult(Q, 0, False, Grade.AGAIN, NOW + timedelta(minutes=10), 2, leech)
    card = review_result_card(result, NOW)
    assert card.title == ("Not quite (A). The answer: B) Bravo",)
    assert card.description == "Because Bravo."
    fields = {str(k): v for k, v in card.fields}
    assert fields["Next review"] == "in 10 min (2026-03-02 14:10 UTC)"
    leech_text = "".join(p if isinstance(p, str) else p.text for p in fields["Leech"])
    assert "Missed 8 times." in leech_text and "ICD-10-CM Guidelines I.C.4" in leech_text
    assert "Study tips (study-tips)" in leech_text
    assert card.hint == "Source: ICD-10-CM Guidelines I.C.4 · 2 still due"


def test_nothing_due_and_summary() -> None:
    assert "No review cards yet" in nothing_due_card(None, NOW).description
    assert "in 1 h" in nothing_due_card(NOW + timedelta(hours=1), NOW).description
    summary = review_summary_card(3, 4, 1, NOW + timedelta(days=2), NOW)
    assert summary.description == "3 of 4 right. 1 leech(es): reread their guidelines."
