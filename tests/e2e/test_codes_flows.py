"""ICD-10-CM code tools end to end: /code lookup (first use defers while the index loads),
autocomplete, Previous/Next over a header's codes, /code search, a free-form code question by
mention, and the polite refusal to code a real patient's chart."""

from __future__ import annotations

import dataclasses

import pytest

from .helpers import embed_text

ROUTE_CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


@pytest.fixture
def bot_settings(bot_settings, code_cache_dir):
    return dataclasses.replace(bot_settings, codes_cache_dir=code_cache_dir)


async def code(fake, subcommand: str, options: dict) -> dict:
    h = await fake.invoke_slash("code", options, subcommand=subcommand)
    cb = await h.callback()
    assert cb.ok, f"/code {subcommand}: callback refused: {cb.status} {cb.response}"
    assert cb.time - h.state.created < 3.0
    return await h.answer()


async def test_lookup_autocomplete_and_paging(fake_discord, running_bot):
    answer = await code(fake_discord, "lookup", {"code": "j45909"})
    text = embed_text(answer)
    assert "J45.909: Unspecified asthma, uncomplicated" in text
    assert "Billable: yes" in text and "Excludes1" in text and "ICD-10-CM FY2026" in text
    assert "FY2027 has been in effect" in text

    choices = await fake_discord.autocomplete("code", "code", "J45.9", subcommand="lookup")
    assert "J45.909" in {c["value"] for c in choices} and len(choices) <= 25
    choices = await fake_discord.autocomplete("code", "code", "mild intermittent asth", subcommand="lookup")
    assert "J45.20" in {c["value"] for c in choices}

    header = await code(fake_discord, "lookup", {"code": "S72.0"})
    assert "is a header" in embed_text(header)
    buttons = [c for row in header.get("components") or [] for c in row.get("components", [])]
    assert [b["label"] for b in buttons] == ["Previous", "Next"]
    handle = await fake_discord.click(header["id"], buttons[1]["custom_id"], user="erin")
    cb = await handle.callback(timeout=3.5)
    assert cb.ok and cb.time - handle.state.created < 3.0
    page = await handle.answer()
    assert "page 1 of" in embed_text(page) and "S72.001" in embed_text(page)


async def test_search(fake_discord, running_bot):
    answer = await code(fake_discord, "search", {"words": "ckd 4"})
    text = embed_text(answer)
    assert "N18.4" in text and "ICD-10-CM FY2026" in text


async def test_a_code_question_by_mention_is_answered_by_the_code_tools(fake_discord, running_bot):
    sent = await fake_discord.send_message("is R10.1 billable?", mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent, timeout=10)
    text = embed_text(reply)
    assert "No: R10.1 is a header" in text and "R10.11" in text
    assert "Official Guidelines" in text


async def test_coding_a_patients_chart_is_declined_with_what_the_bot_can_do(fake_discord, running_bot):
    sent = await fake_discord.send_message(
        "can you code my patient's chart? she has asthma and a broken wrist", mentions_bot=True
    )
    reply = await fake_discord.wait_for_reply(sent)
    text = embed_text(reply)
    assert "can't code a real patient's record" in text and "/code lookup" in text


async def test_ask_a_code_question_before_the_data_is_loaded(fake_discord, running_bot):
    assert not running_bot.services.codes.loaded
    h = await fake_discord.invoke_slash("ask", {"question": "what does S72.001A mean?"})
    cb = await h.callback()
    assert cb.ok and cb.time - h.state.created < 3.0
    answer = await h.answer()
    text = embed_text(answer)
    assert "S72.001A: Fracture of unspecified part of neck of right femur" in text
    assert "Seventh character (table at S72)" in text and "ICD-10-CM FY2026" in text
    assert "what does S72.001A mean?" in (answer.get("content") or "")


async def test_a_bare_clinical_term_by_mention_is_searched(fake_discord, running_bot):
    # The first message that needs the clinical signal starts the data's load; once loaded,
    # a bare term is searched rather than declined.
    await running_bot.services.codes.ready()
    sent = await fake_discord.send_message("left knee osteoarthritis 🦵", mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent, timeout=10)
    text = embed_text(reply)
    assert "M17.12" in text and "ICD-10-CM FY2026" in text


async def test_a_denied_claim_naming_a_code_is_declined(fake_discord, running_bot):
    sent = await fake_discord.send_message(
        "insurance denied my mom's claim with M54.50, why", mentions_bot=True
    )
    reply = await fake_discord.wait_for_reply(sent, timeout=10)
    assert "can't code a real patient's record" in embed_text(reply)


async def test_a_quiz_round_of_generated_icd10cm_drills(fake_discord, running_bot):
    from .test_quiz_flows import ROUND_BUTTON, click, fields, slash, wait_titled

    fake = fake_discord
    room = fake.channel("quiz-room")
    options = {"questions": 3, "seconds": 10, "exam": "ICD-10-CM"}
    start = await slash(fake, "quiz", options, subcommand="start", user="carol", channel="quiz-room")
    assert start["content"].startswith("Quiz starting: 3 question(s), 10 s each · ICD-10-CM.")
    q1 = await wait_titled(fake, room.id, "Question 1/3", timeout=10)
    assert "ICD-10-CM drills" in q1["embeds"][0]["footer"]["text"]
    rq = ROUND_BUTTON.fullmatch(fake.component_ids(q1)[0]).group(1)
    assert (await click(fake, q1, f"cc:r:{rq}:0", "alice")).startswith("Locked in")

    stopped = await slash(fake, "quiz", subcommand="stop", user="carol", channel="quiz-room")
    reveal = stopped["embeds"][0]
    assert reveal["title"].startswith("Answer: ")
    assert "ICD-10-CM Tabular List FY2026" in embed_text(stopped)
    assert fake.component_ids(stopped)[0].startswith("cc:report:icd-")  # reportable like any question
    answered_by = fields(reveal).get("Got it right", "")
    stats = await slash(fake, "stats", user="alice", ephemeral=True)
    assert "ICD-10-CM drills" in embed_text(stats)
    assert ("alice" in answered_by) == reveal["title"].startswith("Answer: A)")
