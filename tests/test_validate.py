"""``python -m bot validate`` measures content where Discord shows it: a stem or explanation that
loads fine but would be clipped or rejected on Discord is reported with the place and the overflow."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from bot.cards.model import Card
from bot.config import Settings
from bot.core.knowledge.loader import load_knowledge
from bot.validate import check_knowledge, embed_spots, validate_all

ROOT = Path(__file__).resolve().parent.parent
WORDS = "The patient presents with a documented history of poorly controlled diabetes. "


def text(chars: int) -> str:
    return (WORDS * (chars // len(WORDS) + 1))[:chars].strip() + "."


def question(qid: str, **over: object) -> dict:
    q = {
        "id": qid,
        "domain": "cpc.icd10cm",
        "kind": "application",
        "difficulty": 2,
        "stem": "Which code reports type 2 diabetes with hyperglycemia?",
        "choices": ["E11.9", "E11.65", "E10.9", "R73.9"],
        "answer": "B",
        "explanation": "E11.65 is type 2 diabetes mellitus with hyperglycemia.",
        "source": "ICD-10-CM FY2026",
    }
    return q | over


def settings_with_bank(tmp_path: Path, *questions: dict) -> Settings:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    bank = {"id": "long", "title": "Long content", "exams": ["CPC"], "questions": list(questions)}
    (quizzes / "long.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    return dataclasses.replace(Settings.from_env(), knowledge_dir=ROOT / "knowledge", quizzes_dir=quizzes)


def lines_for(problems, entry: str) -> list[str]:
    return [str(p) for p in problems if p.entry == entry]


def test_shipped_content_fits_everywhere_it_is_shown():
    problems, summary = validate_all(
        dataclasses.replace(
            Settings.from_env(), knowledge_dir=ROOT / "knowledge", quizzes_dir=ROOT / "quizzes"
        )
    )
    assert problems == [], "\n".join(map(str, problems))
    assert summary.endswith(": OK")


def test_a_5000_character_stem_is_reported_for_both_question_posts(tmp_path):
    long_stem = text(5000)
    settings = settings_with_bank(tmp_path, question("long-stem", stem=long_stem), question("fine"))
    problems, _ = validate_all(settings)
    lines = lines_for(problems, "long-stem")
    # the description holds the stem, a blank line and the four choice lines
    described = len(long_stem) + 2 + len("**A**) E11.9\n**B**) E11.65\n**C**) E10.9\n**D**) R73.9")
    over = described - 4096
    for post in ("the quiz round's question post", "the daily question post"):
        expected = (
            f"long.yaml: long-stem: stem too long by {over:,} "
            f"characters for the description of {post}: {described:,} characters, Discord's limit is 4,096"
        )
        assert any(line.endswith(expected) for line in lines), (expected, lines)
    assert len(lines) == 2, lines
    assert lines_for(problems, "fine") == []


def test_a_2500_character_explanation_is_reported_for_the_private_feedback(tmp_path):
    settings = settings_with_bank(tmp_path, question("long-why", explanation=text(2500)))
    problems, _ = validate_all(settings)
    (line,) = lines_for(problems, "long-why")
    m = re.search(
        r"long-why: explanation too long by ([\d,]+) characters for the private feedback on a daily "
        r"answer \(one message\): ([\d,]+) characters, Discord's limit is 2,000$",
        line,
    )
    assert m, line
    over, length = (int(g.replace(",", "")) for g in m.groups())
    assert length - 2000 == over and 2500 < length < 2700  # the longest verdict and streak line


def test_the_reveal_is_measured_with_fifteen_long_names_and_a_long_source(tmp_path):
    settings = settings_with_bank(
        tmp_path,
        question(
            "long-reveal", explanation=text(3500), source=text(2100), choices=["A" * 250, "B"], answer="A"
        ),
    )
    lines = lines_for(validate_all(settings)[0], "long-reveal")
    assert any(
        "source too long by" in line and "the footer of the daily answer post" in line for line in lines
    )
    assert any(
        "choice A too long by" in line and "the title of the quiz round's answer post" in line
        for line in lines
    )
    assert any("the daily answer post as a whole (one embed)" in line for line in lines), lines


def test_knowledge_texts_are_measured_in_their_cards():
    kb = load_knowledge(ROOT / "knowledge")
    cred = next(iter(kb.credentials.values()))
    fact = next(iter(cred.facts))
    long_fact = dataclasses.replace(cred.facts[fact], text=text(1100))
    kb.credentials[cred.id] = dataclasses.replace(cred, facts={**cred.facts, fact: long_fact})
    lines = [str(p) for p in check_knowledge(kb)]
    assert lines, "a 1,100-character fact does not fit a 1,024-character field"
    assert all(f": {cred.id}: facts.{fact}.text" in line for line in lines), lines
    assert any("for field '" in line and f"of the /cert {cred.abbr} answer" in line for line in lines)


def test_the_measure_is_the_unclipped_discord_rendering():
    card = Card(title="T", description="x" * 5000, choices=(("A", "one"),), hint="h")
    spots = {spot.where: len(spot.text) for spot in embed_spots(card, "the post")}
    assert spots["the description of the post"] == 5000 + 2 + len("**A**) one")
    assert spots["the post as a whole (one embed)"] == 1 + 5000 + 2 + len("**A**) one") + 1
    assert spots["the title of the post"] == 1 and spots["the footer of the post"] == 1
