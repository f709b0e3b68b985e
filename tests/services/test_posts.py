"""PostsService: every message posted exactly once, across crashes (a new service on the same
store is a restarted bot)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.posts import PostIntent

from .helpers import ANN, CHANNEL, DAILY_CHANNEL, GUILD, build_quiz_services


def restarted(store, library, clock):
    return build_quiz_services(store, library, clock)


async def test_a_question_intent_survives_a_crash_until_its_message_is_recorded(svc, store, library, clock):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=2)
    rq = await svc.rounds.post_question(rnd.id)
    intent = await svc.posts.round_question(rq, CHANNEL)
    assert intent is not None and not intent.resumed and intent.channel_id == CHANNEL
    assert await svc.posts.round_question(rq, CHANNEL) is None  # being posted by this process

    after = restarted(store, library, clock)  # died before recording the message id
    again = await after.posts.round_question(rq, CHANNEL)
    assert again is not None and again.resumed  # look in the channel before sending
    assert (again.nonce, again.marker) == (intent.nonce, intent.marker)
    await after.posts.round_question_posted(again, rq.id, 99)
    assert (await after.rounds.get_round_question(rq.id)).message_id == 99
    assert await restarted(store, library, clock).posts.round_question(rq, CHANNEL) is None


async def test_a_committed_reveal_is_announced_after_a_crash(svc, store, library, clock):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=1)
    rq = await svc.rounds.post_question(rnd.id)
    await svc.rounds.answer(rq.id, ANN, "Ann", rq.question.answer)
    reveal = await svc.posts.reveal_round_question(rq, CHANNEL)
    assert reveal is not None and reveal.reveal is not None and not reveal.summary.already_revealed
    assert reveal.summary.round_finished and reveal.standings is not None  # the last question

    after = restarted(store, library, clock)  # died before posting either
    (pending,) = await after.posts.pending_round_reveals()
    assert pending.reveal is not None and pending.reveal.resumed and pending.standings is not None
    assert pending.summary.correct_users == ((ANN, "Ann"),)
    assert await after.posts.pending_round_standings() == []  # announced with its reveal
    await after.posts.posted(pending.reveal, 501)
    # died again before the standings were posted
    again = restarted(store, library, clock)
    assert await again.posts.pending_round_reveals() == []
    (left,) = await again.posts.pending_round_standings()
    assert left.finish_reason == "completed" and [s.user_id for s in left.standings] == [ANN]
    await again.posts.posted(left.intent, 502)
    assert await restarted(store, library, clock).posts.pending_round_standings() == []


async def test_a_reveal_intended_but_not_committed_is_revealed_at_start_up(svc, store, library, clock):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=2)
    rq = await svc.rounds.post_question(rnd.id)
    await store.outbox.record_intent(f"round-reveal:{rq.id}", CHANNEL, clock.now)  # then died
    (pending,) = await restarted(store, library, clock).posts.pending_round_reveals()
    assert not pending.summary.already_revealed and not pending.summary.round_finished
    assert pending.standings is None and (await svc.rounds.get_round(rnd.id)).current_index == 1


async def test_a_question_closed_by_stop_is_not_announced(svc):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=2)
    rq = await svc.rounds.post_question(rnd.id)
    await svc.rounds.stop_round(rnd.id, ANN)
    assert await svc.posts.reveal_round_question(rq, CHANNEL) is None
    assert await svc.posts.pending_round_reveals() == []


async def test_a_committed_daily_reveal_is_posted_after_a_crash(svc, store, library, clock):
    await svc.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "America/New_York")
    post = await svc.daily.create_daily_post(GUILD)
    question = await svc.posts.daily_question(post)
    await svc.posts.daily_question_posted(question, post.id, 77)
    assert (await svc.daily.get_daily_post(post.id)).message_id == 77
    reveal = await svc.posts.reveal_daily(post)
    assert reveal is not None and not reveal.reveal.resumed
    assert await svc.posts.reveal_daily(post) is None  # being posted by this process

    after = restarted(store, library, clock)
    (pending,) = await after.posts.pending_daily_reveals()
    assert pending.post.id == post.id and pending.post.message_id == 77 and pending.reveal.resumed
    await after.posts.posted(pending.reveal, 78)
    assert await restarted(store, library, clock).posts.pending_daily_reveals() == []


def test_the_nonce_is_derived_from_the_intent_and_fits_discord():
    at = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    a = PostIntent("round-reveal:1", CHANNEL, at)
    assert a.nonce == PostIntent("round-reveal:1", CHANNEL, at, resumed=True).nonce
    assert len(a.nonce) <= 25
    assert a.nonce != PostIntent("round-reveal:2", CHANNEL, at).nonce
    assert a.nonce != PostIntent("round-reveal:1", CHANNEL, datetime(2026, 3, 3, tzinfo=UTC)).nonce
    assert a.marker == "ref round-reveal:1"


async def test_standings_of_a_round_expired_at_start_up_survive_a_crash(svc, store, library, clock):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    rq = await svc.rounds.post_question(rnd.id)
    await svc.rounds.answer(rq.id, ANN, "Ann", rq.question.answer)
    clock.advance(hours=1)
    plan = await restarted(store, library, clock).recovery.startup_recovery()
    assert [end.round.id for end in plan.finished_rounds] == [rnd.id]
    # died before posting the standings: the next start posts them, once
    after = restarted(store, library, clock)
    (left,) = await after.posts.pending_round_standings()
    assert left.finish_reason == "expired" and [s.user_id for s in left.standings] == [ANN]
    await after.posts.posted(left.intent, 900)
    assert await after.posts.round_standings(rnd.id, CHANNEL) is None
    assert await restarted(store, library, clock).posts.pending_round_standings() == []


async def test_pending_standings_wait_for_the_end_and_are_dropped_after_a_stop(svc, store, library, clock):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    await store.outbox.record_intent(f"round-standings:{rnd.id}", CHANNEL, clock.now)  # died here
    assert await restarted(store, library, clock).posts.pending_round_standings() == []  # still running
    await svc.rounds.stop_round(rnd.id, ANN)  # /quiz stop shows the standings itself
    assert await restarted(store, library, clock).posts.pending_round_standings() == []
    assert await store.outbox.pending_intents("round-standings:") == []


async def test_a_daily_question_sent_without_its_id_can_be_found_later(svc, store, library, clock):
    await svc.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "America/New_York")
    post = await svc.daily.create_daily_post(GUILD)
    assert await svc.posts.unrecorded_daily_question(post) is None  # never sent
    await svc.posts.daily_question(post)  # then died in the send
    after = restarted(store, library, clock)
    intent = await after.posts.unrecorded_daily_question(post)
    assert intent is not None and intent.resumed
    await after.posts.daily_question_posted(intent, post.id, 41)
    assert await after.posts.unrecorded_daily_question(post) is None
    assert (await after.daily.get_daily_post(post.id)).message_id == 41
