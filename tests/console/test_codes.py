"""The console's /code commands and free-form code questions, over the real FY2026 data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.console.app import Console, build_console
from bot.core.codes.synonyms import load_synonyms
from bot.services.codes import CodesService

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def console(knowledge, code_cache_dir) -> Console:
    codes = CodesService(
        code_cache_dir, load_synonyms(ROOT / "knowledge"), clock=lambda: datetime(2026, 11, 28, tzinfo=UTC)
    )
    return build_console(knowledge=knowledge, codes=codes)


async def test_lookup_and_shorthand(console):
    out = await console.handle("/code lookup j45909")
    assert out.startswith("J45.909: Unspecified asthma, uncomplicated\n")
    assert "Billable: yes" in out and "Excludes1 (never code together) (at J45)" in out
    assert "Code set: ICD-10-CM FY2026" in out and "this ICD-10-CM FY2026 data is older" in out
    assert (await console.handle("/code J45.909")) == out


async def test_search_and_shorthand(console):
    out = await console.handle("/code search mild intermittent asthma")
    assert "1. `J45.20` Mild intermittent asthma, uncomplicated" in out
    assert "1. `N18.4`" in await console.handle("/code ckd 4")


async def test_pages_of_a_header(console):
    out = await console.handle("/code page S72.0 2")
    assert "page 2 of" in out


async def test_malformed_and_unknown_codes(console):
    assert "starts with a digit" in await console.handle("/code lookup 99213")
    out = await console.handle("/code lookup S72.001Z")
    assert "Z is not a seventh character S72.001 takes" in out and "Nearest valid codes" in out


async def test_usage(console):
    assert (await console.handle("/code")).startswith("Usage: /code lookup CODE")
    assert (await console.handle("/code lookup")).startswith("Usage: /code lookup CODE")


async def test_free_form_code_questions_and_the_patient_decline(console):
    assert "Yes: J45.909 can be reported" in await console.handle("is J45.909 billable?")
    assert "S72.001A: Fracture of unspecified part of neck of right femur" in await console.handle(
        "what does s72.001a mean"
    )
    assert "`I10` Essential (primary) hypertension" in await console.handle(
        "what's the code for high blood pressure"
    )
    out = await console.handle("please code my patient's chart for this visit")
    assert out.startswith("I can't code a real patient's record or claim") and "/code search" in out
    assert "CPT descriptors" in await console.handle("what is the cpt code for a total knee replacement")
