"""The /stats card with exam readiness: the chance and how it was computed, or what is missing,
and the chart it shows."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cards.model import Strong
from bot.cards.stats import CHART_FILE, MAX_READINESS, readiness_text, stats_card
from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.stats import Streaks
from bot.services.practice import ExamAttemptSummary
from bot.services.readiness import ExamReport, ReadinessService
from bot.services.stats import DomainStats, MemberStats

AREAS = (AreaShare("cpc.icd10cm", 60, "t"), AreaShare("cpc.anatomy", 40, "t"))
CPC = Blueprint("CPC", "CPC", 100, 240, 70, "t", AREAS)
CCS = Blueprint("CCS", "CCS", 100, 240, 70, "t", (AreaShare("ccs.coding", 100, "t"),), pass_note="scaled")
AT = datetime(2026, 11, 2, tzinfo=UTC)


def stats(*domains: DomainStats) -> MemberStats:
    answered = sum(d.answered for d in domains)
    return MemberStats(7, answered, sum(d.correct for d in domains), 0, Streaks(), domains, None)


class OneMock:
    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        return [ExamAttemptSummary(1, user_id, "CCS", AT, AT, 80, 100, True, ())]


async def reports(member: MemberStats, history=None) -> list[ExamReport]:
    return await ReadinessService({"CPC": CPC, "CCS": CCS}, history).reports(member)


async def test_not_enough_data_says_what_to_do_and_names_the_areas():
    member = stats(DomainStats("cpc.anatomy", "Anatomy", 3, 2))
    (report,) = await reports(member)
    assert readiness_text(report) == (
        "Not enough data yet: answer 10 more questions in 1 area or take a mock exam. Areas: ICD-10-CM."
    )
    card = stats_card(member, "ann", [report])
    assert ("CPC readiness", readiness_text(report)) in card.fields
    assert card.image == ""


async def test_an_estimate_shows_the_chance_the_explanation_and_the_pass_note():
    member = stats(DomainStats("cpc.anatomy", "Anatomy", 3, 2))
    by_exam = {r.exam: r for r in await reports(member, OneMock())}
    text = readiness_text(by_exam["CCS"])
    assert text[0] == "About " and isinstance(text[1], Strong)
    assert text[1].text.endswith("% chance of passing today")
    assert "From your mock exam (80%): expected score 80%" in text[2]
    assert text[2].endswith("Note: scaled.")


async def test_the_chart_is_named_only_when_there_is_one():
    member = stats(DomainStats("cpc.anatomy", "Anatomy", 3, 2))
    found = await reports(member)
    assert stats_card(member, "ann", found, chart=CHART_FILE).image == CHART_FILE
    assert stats_card(member, "ann", [], chart=CHART_FILE).image == ""


async def test_mock_exams_alone_make_a_card_and_readiness_lines_are_capped():
    (ccs,) = await reports(stats(), OneMock())
    card = stats_card(stats(), "ann", [ccs] * (MAX_READINESS + 2))
    assert card.description.startswith("Answered 0")
    assert [name for name, _ in card.fields] == ["CCS readiness"] * MAX_READINESS
    assert "No answers yet" in stats_card(stats(), "ann").description


def test_the_study_plan_line_is_a_field_only_when_given():
    stats = MemberStats(1, 3, 2, 20, Streaks(), (), None)
    card = stats_card(stats, "ann", plan_line="CPC on Mon 1 Mar: exam day.")
    assert dict(card.fields)["Study plan"] == "CPC on Mon 1 Mar: exam day."
    assert "Study plan" not in dict(stats_card(stats, "ann").fields)
