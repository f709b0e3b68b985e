"""Content that validates but is longer than Discord allows still reaches the member: the daily
post keeps every choice (the stem is clipped instead) and the private feedback fits in a message.

The fake Discord rejects anything over Discord's limits (and fails the test at teardown)."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from .test_quiz_flows import DAILY_BUTTON, LETTERS, click, daily_now, daily_posts, setup_daily

CHOICES = ["E11.9", "E11.65", "E10.9", "R73.9"]


def long_bank(stem_chars: int, explanation_chars: int) -> dict:
    words = "The patient presents with a documented history of poorly controlled diabetes. "
    return {
        "id": "long",
        "title": "Long content",
        "exams": ["CPC"],
        "questions": [
            {
                "id": "long-001",
                "domain": "cpc.icd10cm",
                "kind": "application",
                "difficulty": 2,
                "stem": (words * (stem_chars // len(words) + 1))[:stem_chars].strip() + " Which code?",
                "choices": CHOICES,
                "answer": "B",
                "explanation": (words * (explanation_chars // len(words) + 1))[:explanation_chars].strip(),
                "source": "ICD-10-CM FY2026",
            }
        ],
    }


@pytest.fixture
def bot_settings(bot_settings, tmp_path):
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "long.yaml").write_text(yaml.safe_dump(long_bank(5000, 2500)), encoding="utf-8")
    return dataclasses.replace(bot_settings, quizzes_dir=quizzes)


@pytest.mark.bot_settings(daily_tick_seconds=0.02)
async def test_a_long_stem_keeps_every_choice_and_long_feedback_still_reaches_the_member(
    fake_discord, running_bot
):
    fake = fake_discord
    room = fake.channel("quiz-room")
    await setup_daily(fake, room)
    await daily_now(fake)
    (post,) = daily_posts(fake, room.id)
    description = post["embeds"][0]["description"]
    assert len(description) <= 4096
    assert description.endswith("\n".join(f"**{LETTERS[i]}**) {c}" for i, c in enumerate(CHOICES)))
    assert description.startswith("The patient presents") and "…" in description

    post_id = DAILY_BUTTON.fullmatch(fake.component_ids(post)[0]).group(1)
    for user, choice in (("bob", 1), ("carol", 0), ("bob", 2)):  # right, wrong, a second click
        feedback = await click(fake, post, f"cc:d:{post_id}:{choice}", user)
        assert 1000 < len(feedback) <= 2000
        assert re.match(r"(\*\*[A-E]\*\* is|You already answered)", feedback), feedback
        assert "Daily streak: 1 answered in a row" in feedback or feedback.startswith("You already")
