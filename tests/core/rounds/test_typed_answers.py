"""Typed answers: which messages answer a question, and with which choice."""

from __future__ import annotations

import pytest

from bot.core.banks.library import Question
from bot.core.rounds.typed_answers import match_typed_answer


def make_q(choices, answer=0, accept=()) -> Question:
    return Question(
        id="q-1",
        bank_id="b",
        exams=("CPC",),
        domain="cpc.anatomy",
        difficulty=1,
        stem="?",
        choices=tuple(choices),
        answer=answer,
        explanation="because",
        source="src",
        accept=tuple(accept),
    )


CODES = make_q(["E11.9", "E11.65", "E10.9", "R73.9"], answer=1, accept=["hyperglycemia code"])
WORDS = make_q(["Air", "Femur", "Hyperglycemia", "Myocardial infarction"], answer=1, accept=["thigh bone"])


class TestTypedAnswerLetters:
    @pytest.mark.parametrize(
        "text",
        [
            "B",
            "b",
            "(b)",
            "b)",
            "[b]",
            "b.",
            "B!",
            " b ",
            "answer b",
            "Answer: B",
            "answer is b",
            "the answer is B",
            "I think B",
            "i think it's b",
            "I think it’s B",
            "my final answer is B",
            "B is my answer",
            "b final answer",
            "option b",
            "choice B",
            "I'd say b",
            "going with b",
            "it's b",
            "definitely B",
            "hmm b",
        ],
    )
    def test_letter_forms(self, text):
        assert match_typed_answer(text, CODES) == 1

    def test_each_letter(self):
        for i, letter in enumerate("abcd"):
            assert match_typed_answer(letter, CODES) == i
            assert match_typed_answer(f"({letter.upper()})", CODES) == i

    def test_letter_out_of_range(self):
        assert match_typed_answer("e", CODES) is None  # four choices only
        assert match_typed_answer("answer e", CODES) is None

    @pytest.mark.parametrize(
        "text",
        [
            "a lot of people think so",
            "b careful",
            "I think a lot about this",
            "bb",
            "be",
            "abc",
            "is it b or c?",
            "not b",
            "b or c",
            "answer b and c",
            "",
        ],
    )
    def test_letters_inside_chat_do_not_count(self, text):
        assert match_typed_answer(text, CODES) is None

    def test_letter_with_matching_text(self):
        assert match_typed_answer("B) E11.65", CODES) == 1
        assert match_typed_answer("b - e11.65", CODES) == 1
        assert match_typed_answer("b) E10.9", CODES) is None  # letter and text disagree


class TestTypedAnswerText:
    def test_exact_text_case_and_punctuation(self):
        assert match_typed_answer("E11.65", CODES) == 1
        assert match_typed_answer("e11.65", CODES) == 1
        assert match_typed_answer("e11.65.", CODES) == 1
        assert match_typed_answer("E1165", CODES) == 1  # dot forgotten

    def test_codes_need_exact_match(self):
        assert match_typed_answer("E11.6", CODES) is None
        assert match_typed_answer("E11.66", CODES) is None
        assert match_typed_answer("E11.95", CODES) is None

    def test_accept_entry_counts_as_correct(self):
        assert match_typed_answer("hyperglycemia code", CODES) == 1
        assert match_typed_answer("thigh bone", WORDS) == 1
        assert match_typed_answer("the thigh bone", WORDS) == 1

    def test_one_typo_in_longer_word(self):
        assert match_typed_answer("femor", WORDS) == 1
        assert match_typed_answer("Femurr", WORDS) == 1
        assert match_typed_answer("hyperglycemai", WORDS) == 2  # 13 letters: two edits allowed
        assert match_typed_answer("myocardial infarktion", WORDS) == 3

    def test_two_typos_in_short_word_rejected(self):
        assert match_typed_answer("fmeor", WORDS) is None
        assert match_typed_answer("hipoglycemia", WORDS) is None  # three edits

    def test_chair_is_not_air(self):
        assert match_typed_answer("air", WORDS) == 0
        assert match_typed_answer("Air.", WORDS) == 0
        assert match_typed_answer("chair", WORDS) is None
        assert match_typed_answer("airs", WORDS) is None
        assert match_typed_answer("hair", WORDS) is None
        assert match_typed_answer("ai", WORDS) is None

    def test_short_answers_need_exact(self):
        q = make_q(["Ulna", "Tibia", "Skull"], answer=0)
        assert match_typed_answer("ulna", q) == 0
        assert match_typed_answer("ulnaa", q) is None  # 4-letter answer: no typo tolerance
        assert match_typed_answer("tibai", q) is None  # transposition = 2 edits
        assert match_typed_answer("tibi", q) == 1  # the answer has 5 letters: one edit allowed
        assert match_typed_answer("tiba", q) == 1  # 5 letters, one edit

    def test_answer_phrases_around_text(self):
        assert match_typed_answer("I think femur", WORDS) == 1
        assert match_typed_answer("I think it's the femur", WORDS) == 1
        assert match_typed_answer("answer: femur", WORDS) == 1
        assert match_typed_answer("femur is my answer", WORDS) == 1
        assert match_typed_answer("femur!", WORDS) == 1

    @pytest.mark.parametrize(
        "text",
        [
            "lol femur again",
            "the femur is the longest bone",
            "I broke my femur once",
            "air quality is bad today",
            "who else hates hyperglycemia questions",
            "femur or ulna?",
            "can someone explain E11.65 vs E11.9",
        ],
    )
    def test_choice_word_in_chat_does_not_count(self, text):
        assert match_typed_answer(text, WORDS if "E11" not in text else CODES) is None

    def test_ambiguous_fuzzy_is_rejected(self):
        q = make_q(["Lateral", "Literal"], answer=0)
        assert match_typed_answer("lateral", q) == 0
        assert match_typed_answer("lteral", q) is None  # one edit from both
        assert match_typed_answer("literal", q) == 1

    def test_choice_that_starts_like_an_answer_phrase(self):
        q = make_q(
            ["It is paid separately under a fee schedule", "It is packaged into the APC payment"], answer=1
        )
        assert match_typed_answer("I think it is packaged into the APC payment", q) == 1
        assert match_typed_answer("answer: it is paid separately under a fee schedule", q) == 0
        assert match_typed_answer("it is packaged into the apc payment", q) == 1
        assert match_typed_answer("it is packaged", q) is None

    def test_very_long_message_ignored(self):
        assert match_typed_answer("b " + "x" * 500, CODES) is None

    def test_discord_mention_noise(self):
        assert match_typed_answer("<@123456> b", CODES) == 1
