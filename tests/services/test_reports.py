"""ReportsService: members report questions (one report each, a second replaces the reason),
moderators list the most-reported and retire questions, and rounds and the daily question of
that server never draw a retired question again (other servers keep it)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.errors import InvalidOption, NoQuestionsMatch, NotFound
from bot.services.reports import NOTE_LIMIT, reason_text, split_reason

from .helpers import ANN, BOB, CHANNEL, CY, DAILY_CHANNEL, GUILD

CPC = [f"cpc-{i:02d}" for i in range(10)]


async def test_a_report_is_recorded_once_per_member_and_updated_after(svc):
    first = await svc.reports.report(GUILD, " cpc-01 ", ANN, reason="Wrong key", note="  B is right\n")
    assert first.created and first.question_id == "cpc-01" and "recorded" in first.message
    again = await svc.reports.report(GUILD, "cpc-01", ANN, reason="typo")
    assert not again.created and "already reported" in again.message
    [listed] = await svc.reports.list_reports(GUILD)
    assert (listed.question_id, listed.reports, listed.reasons) == ("cpc-01", 1, ("typo",))


async def test_bad_reports_get_friendly_errors(svc):
    with pytest.raises(NotFound):
        await svc.reports.report(GUILD, "no-such-question", ANN, reason="typo")
    with pytest.raises(InvalidOption, match="Pick a reason"):
        await svc.reports.report(GUILD, "cpc-01", ANN, reason="boring")
    with pytest.raises(InvalidOption, match="200"):
        await svc.reports.report(GUILD, "cpc-01", ANN, reason="other", note="x" * (NOTE_LIMIT + 1))
    assert await svc.reports.list_reports(GUILD) == []


def test_a_typed_line_is_split_into_a_reason_and_a_note():
    assert split_reason("Wrong key: C is right") == ("wrong key", "C is right")
    assert split_reason("  typo ") == ("typo", "")
    assert split_reason("the stem @everyone is\nunclear") == ("other", "the stem @everyone is unclear")
    with pytest.raises(InvalidOption):
        split_reason("   ")


def test_reason_text_is_one_line():
    assert reason_text(" Wrong   KEY ", "the\nkey  is C") == "wrong key: the key is C"
    assert reason_text("outdated") == "outdated"


async def test_the_list_is_most_reported_first_with_the_latest_reasons(svc, clock):
    for minute, user in enumerate((ANN, BOB, CY)):
        clock.now = datetime(2026, 3, 2, 14, minute, tzinfo=UTC)
        await svc.reports.report(GUILD, "cpc-02", user, reason="unclear", note=f"n{user}")
    await svc.reports.report(GUILD, "cpc-03", ANN, reason="typo")
    await svc.reports.report(GUILD + 1, "cpc-03", BOB, reason="typo")
    await svc.reports.retire(GUILD, "cpc-02")
    listed = await svc.reports.list_reports(GUILD)
    assert [(r.question_id, r.reports, r.retired) for r in listed] == [
        ("cpc-02", 3, True),
        ("cpc-03", 1, False),
    ]
    assert listed[0].reasons == ("unclear: n3", "unclear: n2", "unclear: n1")


async def test_a_retired_question_is_never_drawn_for_that_servers_rounds(svc):
    for qid in CPC[:-1]:
        assert "Retired" in await svc.reports.retire(GUILD, qid)
    assert "already" in await svc.reports.retire(GUILD, CPC[0])
    for channel in range(3):  # a few rounds asking every CPC question left
        rnd = await svc.rounds.start_round(GUILD, CHANNEL + channel, ANN, exam="CPC", count=10, seconds=30)
        assert rnd.question_ids == (CPC[-1],)
    other = await svc.rounds.start_round(GUILD + 1, CHANNEL + 100, ANN, exam="CPC", count=10, seconds=30)
    assert sorted(other.question_ids) == CPC  # another server keeps them
    await svc.reports.retire(GUILD, CPC[-1])
    with pytest.raises(NoQuestionsMatch):
        await svc.rounds.start_round(GUILD, CHANNEL + 9, ANN, exam="CPC", count=10, seconds=30)
    assert "Restored" in await svc.reports.restore(GUILD, CPC[0])
    assert "not retired" in await svc.reports.restore(GUILD, CPC[0] + "x")
    rnd = await svc.rounds.start_round(GUILD, CHANNEL + 9, ANN, exam="CPC", count=10, seconds=30)
    assert rnd.question_ids == (CPC[0],)


async def test_a_retired_question_is_never_the_daily_question(svc, clock):
    await svc.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "10:00", "UTC", exam="CPC")
    for qid in CPC[1:]:
        await svc.reports.retire(GUILD, qid)
    clock.now = datetime(2026, 3, 2, 10, 0, 5, tzinfo=UTC)
    post = await svc.daily.create_daily_post(GUILD)
    assert post is not None and post.question.id == CPC[0]
    await svc.reports.retire(GUILD, CPC[0])
    clock.now = datetime(2026, 3, 3, 10, 0, 5, tzinfo=UTC)
    with pytest.raises(NoQuestionsMatch):
        await svc.daily.create_daily_post(GUILD)
