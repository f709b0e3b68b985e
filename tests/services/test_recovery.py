"""Start-up recovery and restarts: answers survive, nothing is posted twice, stale rounds end."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import open_store

from .helpers import ANN, BOB, CHANNEL, DAILY_CHANNEL, GUILD, build_quiz_services


async def test_restart_keeps_answers_and_never_double_posts(db_location, library, clock):
    path = db_location
    store = await open_store(path)
    svc = build_quiz_services(store, library, clock, seed=1)
    await svc.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:30", "Europe/London")
    clock.now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    clock.advance(days=1)  # 2026-03-03 09:30 GMT
    assert [d.action for d in await svc.daily.due_daily()] == ["post"]
    post = await svc.daily.create_daily_post(GUILD)
    await svc.daily.set_daily_message(post.id, 1)
    await svc.daily.answer_daily(post.id, ANN, "Ann", post.question.answer)
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    rq = await svc.rounds.post_question(rnd.id)
    res = await svc.rounds.answer(rq.id, BOB, "Bob", 1)
    assert res.accepted
    await store.close()  # "crash" right after acknowledging

    store = await open_store(path)
    try:
        svc = build_quiz_services(store, library, clock, seed=1)
        assert await store.answers.count_answers(GUILD) == 2
        assert (await svc.daily.answer_daily(post.id, ANN, "Ann", 0)).duplicate
        assert (await svc.rounds.answer(rq.id, BOB, "Bob", 2)).duplicate
        assert await svc.daily.due_daily() == []
        assert await svc.daily.create_daily_post(GUILD) is None
        assert len(await store.daily.daily_posts(GUILD)) == 1
        plan = await svc.recovery.startup_recovery()
        assert [r.id for r in plan.resume_rounds] == [rnd.id]
        assert plan.finished_rounds == () and plan.daily_to_send == () and plan.daily_to_reveal == ()
        stats = await svc.stats.member_stats(GUILD, ANN)
        assert stats.answered == 1 and stats.streaks.current == 1
    finally:
        await store.close()


async def test_startup_recovery_finishes_stale_rounds(svc, clock):
    rounds = svc.rounds
    old = await rounds.start_round(GUILD, CHANNEL, ANN, count=3, seconds=30)
    rq = await rounds.post_question(old.id)
    await rounds.answer(rq.id, ANN, "Ann", 1)
    fresh = await rounds.start_round(GUILD, CHANNEL + 1, BOB, count=3, seconds=30)
    clock.advance(minutes=20)
    rq_fresh = await rounds.post_question(fresh.id)
    clock.advance(seconds=40)
    plan = await svc.recovery.startup_recovery()
    assert [r.id for r in plan.resume_rounds] == [fresh.id]
    assert [e.round.id for e in plan.finished_rounds] == [old.id]
    end = plan.finished_rounds[0]
    assert end.round.finish_reason == "expired" and end.standings[0].user_id == ANN
    assert end.closed_question is not None and end.closed_question.total == 1
    assert (await rounds.answer(rq.id, BOB, "Bob", 1)).too_late
    # the resumed round's open question is past its deadline: the adapter reveals it at once
    open_rq = await rounds.open_question(fresh.id)
    assert open_rq.id == rq_fresh.id and open_rq.deadline < clock.now
