"""Console parsing and the knowledge commands, without a store."""

from __future__ import annotations

import pytest

from bot.console.app import Console, build_console
from bot.console.knowledge import split_pair


@pytest.fixture
def console(knowledge) -> Console:
    return build_console(knowledge=knowledge)


async def test_plain_lines_are_questions_and_slash_lines_commands(console):
    assert (await console.handle("how many ceus for the ccs")).startswith(
        "CCS: Keeping it (recertification)\n=================================\n\n"
    )
    assert (await console.handle("/ask how many ceus for the ccs")).startswith("CCS: Keeping it")
    assert await console.handle("   ") == ""


async def test_usage_for_missing_arguments(console):
    assert await console.handle("/ask") == "Usage: /ask QUESTION [--sources] (or just type the question)."
    assert await console.handle("/cert --sources") == "Usage: /cert NAME [--sources], e.g. /cert CRC"
    assert await console.handle("/compare CPC") == (
        "Usage: /compare FIRST SECOND [--sources], e.g. /compare CPC CCS"
    )
    assert await console.handle("/path") == (
        "Usage: /path SETTING [--sources] where SETTING is one of: "
        "outpatient, inpatient, payer, risk-adjustment"
    )


async def test_sources_flag_lists_every_source_with_its_date(console):
    short = await console.handle("/compare CPC CCS")
    full = await console.handle("/compare CPC CCS --sources")
    listed = short.split("\nSources:\n", 1)[1].split("\n\n")[0]
    assert len(listed) <= 300 and "add --sources" in listed
    everything = full.split("\nSources:\n", 1)[1].split("\n\n")[0]
    assert len(everything.splitlines()) > len(listed.splitlines())
    assert "add --sources" not in everything and "(n.d., read 2026-11-24) — https://" in everything
    for command in (
        "/cert CPC --sources",
        "/path inpatient --sources",
        "/ask how long is the CPC exam --sources",
    ):
        assert "more: add --sources" not in await console.handle(command)


async def test_unknown_command_lists_the_commands_of_this_console(console):
    assert await console.handle("/nonsense") == (
        "Unknown command /nonsense. Commands: /ask, /cert, /certs, /compare, /help, /path, /quit. "
        "Or just type a question."
    )


async def test_help_without_quizzes_and_bare_slash(console):
    text = await console.handle("/help")
    assert "`/compare first second`: Compare two credentials" in text
    assert "/quiz" not in text and "Moderators" not in text
    assert await console.handle("/") == text


async def test_knowledge_commands(console):
    compare = await console.handle("/compare certified professional coder vs CCS")
    assert compare.startswith("CPC vs CCS") and "| Certifying body" in compare
    assert 'I don\'t know a certification called "XYZ"' in await console.handle("/compare CPC XYZ")
    assert (await console.handle("/cert certified inpatient coder")).startswith(
        "CIC: Certified Inpatient Coder"
    )
    assert "Medical-coding certifications" in await console.handle("/certs")
    assert (await console.handle("/path risk adjustment")).startswith("Risk adjustment coding (CRC, HCC)")
    assert "Choose one of: outpatient, inpatient, payer, risk-adjustment." in await console.handle(
        "/path moon"
    )
    # quotes group words; an unbalanced quote falls back to plain words
    assert (await console.handle('/cert "certified risk adjustment coder"')).startswith("CRC:")
    assert (await console.handle("/cert 'certified risk")).startswith("Unknown certification")


def test_split_pair(knowledge):
    resolve = knowledge.find_credential
    assert split_pair(["CPC", "CCS"], resolve) == ("CPC", "CCS")
    assert split_pair(["CPC", "vs", "CCS"], resolve) == ("CPC", "CCS")
    assert split_pair(["certified", "professional", "coder", "and", "CCS"], resolve) == (
        "certified professional coder",
        "CCS",
    )
    assert split_pair(["CPC"], resolve) is None
    assert split_pair(["nothing", "known", "here"], resolve) is None
