"""FeedbackService on both engines: declines and "not helpful" votes queue anonymised questions
per server (DMs nowhere), a member's vote counts once and can switch, old answers no longer
take votes, moderators page, dismiss and mark items, the retention prunes, the export writes
KB stubs, and forgetting a member deletes their votes but not the anonymous queue."""

from __future__ import annotations

import yaml

from bot.core.feedback import ItemKind
from bot.services.feedback import DM_THANKS, PAGE_SIZE, TOO_OLD, VOTE_DAYS, FeedbackService
from bot.services.privacy import PrivacyService

from .helpers import ANN, BOB, CY, GUILD

MESSAGE = 7_000


async def vote(fb: FeedbackService, user: int, helpful: bool, *, guild: int | None = GUILD, at=None) -> str:
    return await fb.vote(
        guild,
        MESSAGE,
        user,
        helpful=helpful,
        question="<@99> Is the CPB on the CPC exam? ping @bob",
        answer="cpc",
        answered_at=at or fb.clock(),
    )


async def test_declines_are_queued_anonymised_per_server_and_not_from_dms(svc, clock):
    fb = svc.feedback
    assert await fb.declined(GUILD, "<@123456789012345678> who wins the football tonight?")
    clock.advance(minutes=5)
    assert await fb.declined(GUILD, "Who wins the   football tonight?")
    assert not await fb.declined(None, "who wins the football tonight?")  # a DM: nowhere
    assert not await fb.declined(GUILD, "<@1>")  # nothing left to queue
    page = await fb.page(GUILD)
    [item] = page.items
    assert (item.kind, item.question, item.answer, item.asks) == (
        ItemKind.DECLINED,
        "who wins the football tonight?",
        "",
        2,
    )
    assert item.last_seen == clock.now and (page.page, page.pages, page.open_items) == (0, 1, 1)
    assert (await fb.page(GUILD + 1)).items == ()


async def test_a_members_vote_counts_once_and_can_switch(svc):
    fb = svc.feedback
    assert "moderators will see" in await vote(fb, ANN, False)
    assert "already said so" in await vote(fb, ANN, False)
    await vote(fb, BOB, False)
    [item] = (await fb.page(GUILD)).items
    assert (item.kind, item.question, item.answer, item.asks) == (
        ItemKind.NOT_HELPFUL,
        "is the cpb on the cpc exam? ping",
        "cpc",
        2,
    )
    assert "now “Helpful”" in await vote(fb, ANN, True)
    assert [i.asks for i in (await fb.page(GUILD)).items] == [1]
    assert await vote(fb, CY, True) == "Thanks — noted."
    assert await vote(fb, CY, False, guild=None) == DM_THANKS


async def test_votes_on_old_answers_no_longer_count_and_old_rows_are_pruned(svc, clock):
    fb = svc.feedback
    answered = clock.now
    await vote(fb, ANN, False, at=answered)
    clock.advance(days=VOTE_DAYS, seconds=1)
    assert await vote(fb, BOB, False, at=answered) == TOO_OLD
    assert await fb.prune() == (0, 1)  # the vote went; the item stays for the retention
    assert [i.asks for i in (await fb.page(GUILD)).items] == [1]
    clock.advance(days=fb.retention_days)
    assert (await fb.page(GUILD)).items == ()  # pruned when the page is read


async def test_pages_dismiss_and_mark_for_the_knowledge_base(svc, clock):
    fb = svc.feedback
    for n in range(PAGE_SIZE + 2):
        for _ in range(n + 1):
            await fb.declined(GUILD, f"question number {n}")
    first = await fb.page(GUILD)
    assert [i.asks for i in first.items] == [6, 5, 4, 3] and first.pages == 2
    second = await fb.page(GUILD, 5)  # clamped to the last page
    assert second.page == 1 and [i.asks for i in second.items] == [2, 1]
    top, other = first.items[0], first.items[1]
    assert (await fb.mark_for_kb(GUILD, top.id)).startswith("Marked")
    assert (await fb.mark_for_kb(GUILD + 1, other.id)).startswith("That item is no longer")
    assert (await fb.dismiss(GUILD, other.id)).startswith("Dismissed")
    assert (await fb.dismiss(GUILD, other.id)).startswith("That item is no longer")
    after = await fb.page(GUILD)
    assert (after.open_items, after.kb_items) == (PAGE_SIZE, 1)
    assert top.id not in {i.id for i in after.items}
    count, text = await fb.export_stubs(GUILD)
    assert count == 1
    [entry] = yaml.safe_load(text)["entries"]
    assert entry["questions"] == ["question number 5"] and entry["sources"] == []
    assert (await fb.export_stubs(GUILD + 1))[0] == 0
    assert (await fb.export_stubs(None))[0] == 1


async def test_forgetting_a_member_deletes_their_votes_but_not_the_queue(store, svc):
    await vote(svc.feedback, ANN, False)
    privacy = PrivacyService(store.privacy)
    assert await privacy.rows_naming(GUILD, ANN) == 1
    result = await privacy.forget(GUILD, ANN)
    assert result.votes_deleted == 1 and "1 vote(s) on answers" in result.summary
    assert await privacy.rows_naming(GUILD, ANN) == 0
    assert [i.asks for i in (await svc.feedback.page(GUILD)).items] == [1]


async def test_the_retention_is_a_setting(store, clock):
    fb = FeedbackService(store.feedback, clock=clock, retention_days=3)
    await fb.declined(GUILD, "what is the rhit")
    clock.advance(days=2)
    assert len((await fb.page(GUILD)).items) == 1
    clock.advance(days=2)
    assert (await fb.page(GUILD)).items == ()
    assert (await fb.page(GUILD)).retention_days == 3
