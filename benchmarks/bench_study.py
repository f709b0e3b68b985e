"""/stats and due-count latency on a large SQLite database, and mock-exam answer clicks beside quiz
clicks, in one run (a script, not a test).

    .venv/bin/python -m benchmarks.bench_study                              # 10000 x 1000, 500 clickers
    .venv/bin/python -m benchmarks.bench_study --members 500 --answers 200  # a quick run (seconds)

1. Scale: ``--members`` members each answer ``--answers`` quiz questions (one round, CPC questions
   from the shipped banks, 70 % right, inserted in answering order, so a member's rows are spread
   over the table as in a live guild), bulk-inserted straight into the answers table; every miss
   has its review card (as ``ReviewService.sync`` writes it: FSRS ``first_miss`` at the answer
   time) and every member's review sync is up to date.  Then, for ``--sample`` random members, what
   /stats runs for one's own stats (``StatsService.member_stats``, ``ReadinessService.reports``,
   ``ReviewService.due_count``) and ``due_count`` alone: median and p99.  Prints the build time
   and the database size per 1,000 answers.
2. Clicks at the service level: ``--clickers`` members with a running mock exam each answer its
   current question at once (``ExamService.answer``), beside the same number of members
   answering one quiz question at once (``RoundsService.answer``, the quiz path, measured as
   ``bench_review`` does: the floor); median burst time of ``--repeats`` alternating bursts and
   the exam/quiz ratio.  The same clicks through the real bot against the bare-bot floor:
   ``python -m benchmarks.bench_load --scenario exam --db sqlite`` (:class:`ExamClickScenario`).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.core.banks.loader import load_banks
from bot.core.blueprints.loader import load_blueprints
from bot.core.review.scheduler import ReviewScheduler
from bot.store import open_store
from bot.store.database import to_db_time
from bot.store.review import card_params
from bot.wiring import build_quiz_services
from tests.fakediscord import FakeDiscord, FakeUser
from tests.fakediscord.server import InteractionState

from .bench_load import Result, Scenario
from .bench_review import burst

GUILD = 1
START = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
# A question asked twice keeps its first miss's card (sync would lapse it: same row count).
CARD_SQL = """INSERT OR IGNORE INTO review_cards
                 (user_id, question_id, fsrs, due_at, lapses, reps, created_at, last_review)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
ANSWER_SQL = """INSERT INTO answers (guild_id, user_id, user_name, kind, round_question_id, question_id,
                                     domain, choice, correct, points, answered_at)
                VALUES (?, ?, ?, 'quiz', ?, ?, ?, ?, ?, ?, ?)"""


def pct(values: list[float], q: float) -> float:
    data = sorted(values)
    return data[min(len(data) - 1, round(q / 100 * (len(data) - 1)))]


def user_id(i: int) -> int:
    return 10_000 + i


def build(path: Path, members: int, answers: int) -> None:
    """The answers, cards and review syncs, in big transactions (synchronous off: a benchmark)."""
    questions = load_banks(PROJECT_ROOT / "quizzes").select(exam="CPC")
    rng = random.Random(7)
    scheduler = ReviewScheduler()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        cur = db.execute(
            """INSERT INTO rounds (guild_id, channel_id, starter_id, exam, seconds, question_ids,
                                   status, started_at) VALUES (?, 1, 1, 'CPC', 30, '[]', 'finished', ?)""",
            (GUILD, to_db_time(START)),
        )
        round_id = cur.lastrowid
        asked = []  # (round question id, question, posted_at, card template)
        for idx in range(answers):
            q, posted = questions[idx % len(questions)], START + timedelta(minutes=idx)
            rq = db.execute(
                """INSERT INTO round_questions (round_id, idx, question_id, posted_at, deadline, revealed)
                   VALUES (?, ?, ?, ?, ?, 1)""",
                (round_id, idx, q.id, to_db_time(posted), to_db_time(posted + timedelta(seconds=30))),
            ).lastrowid
            asked.append((rq, q, posted, scheduler.first_miss(q.id, posted + timedelta(seconds=15))))
    for rq, q, posted, card in asked:  # answering order: one question, every member
        rows, cards = [], []
        for i in range(members):
            right = rng.random() < 0.7
            choice = q.answer if right else (q.answer + 1) % len(q.choices)
            when = to_db_time(posted + timedelta(seconds=15))
            rows.append(
                (GUILD, user_id(i), f"m{i}", rq, q.id, q.domain, choice, int(right), 10 * right, when)
            )
            if not right:
                cards.append(card_params(user_id(i), card))
        with db:
            db.executemany(ANSWER_SQL, rows)
            db.executemany(CARD_SQL, cards)
    with db:
        db.execute(
            """INSERT INTO review_sync (user_id, last_answer_id, synced_at)
               SELECT user_id, MAX(id), ? FROM answers GROUP BY user_id""",
            (to_db_time(START),),
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


async def scale(tmp: Path, args: argparse.Namespace) -> None:
    path = tmp / "scale.sqlite3"
    store = await open_store(path)  # the migrations
    await store.close()
    start = time.perf_counter()
    await asyncio.to_thread(build, path, args.members, args.answers)
    built = time.perf_counter() - start
    total = args.members * args.answers
    size = path.stat().st_size
    print(
        f"built {args.members} members x {args.answers} answers = {total:,} answers in {built:.1f} s; "
        f"{size / 2**20:.0f} MiB, {size / total * 1000 / 1024:.1f} KiB per 1,000 answers"
    )
    store = await open_store(path)
    try:
        blueprints = load_blueprints(PROJECT_ROOT / "blueprints")
        svc = build_quiz_services(store, load_banks(PROJECT_ROOT / "quizzes"), blueprints=blueprints)
        sample = random.Random(3).sample(range(args.members), min(args.sample, args.members))
        stats_times, due_times, dues = [], [], []
        for i in sample:
            t0 = time.perf_counter()
            stats = await svc.stats.member_stats(GUILD, user_id(i))
            await svc.readiness.reports(stats, mocks=True)
            await svc.review.due_count(user_id(i))
            t1 = time.perf_counter()
            dues.append(await svc.review.due_count(user_id(i)))
            due_times.append(time.perf_counter() - t1)
            stats_times.append(t1 - t0)
    finally:
        await store.close()
    for name, times in (("/stats (stats + readiness + due count)", stats_times), ("due_count", due_times)):
        print(
            f"  {name:<40} median {statistics.median(times) * 1000:7.2f} ms   "
            f"p99 {pct(times, 99) * 1000:7.2f} ms   ({len(times)} members)"
        )
    print(f"  (cards due per member: median {statistics.median(dues):.0f})")


async def exam_burst(path: Path, clickers: int) -> float:
    """``clickers`` members with a running mock exam answer its first question at once."""
    store = await open_store(path)
    try:
        blueprints = load_blueprints(PROJECT_ROOT / "blueprints")
        svc = build_quiz_services(
            store, load_banks(PROJECT_ROOT / "quizzes"), blueprints=blueprints, rng=random.Random(1)
        )
        views = [await svc.exams.start(5000 + i, "CPC") for i in range(clickers)]
        start = time.perf_counter()
        await asyncio.gather(
            *(svc.exams.answer(5000 + i, "A", attempt_id=v.attempt_id, at=0) for i, v in enumerate(views))
        )
        return time.perf_counter() - start
    finally:
        await store.close()


async def clicks(tmp: Path, args: argparse.Namespace) -> None:
    quiz, exam = [], []
    for r in range(args.repeats):  # alternating: the noise lands on both
        quiz.append(await burst(tmp / f"quiz{r}.sqlite3", args.clickers, review=True))
        exam.append(await exam_burst(tmp / f"exam{r}.sqlite3", args.clickers))
    q, e = statistics.median(quiz), statistics.median(exam)
    print(
        f"{args.clickers} answer clicks at once (service level, SQLite, median of {args.repeats}): "
        f"quiz (RoundsService.answer, the floor) {q * 1000:.0f} ms, "
        f"mock exam (ExamService.answer) {e * 1000:.0f} ms, exam/quiz {e / q:.2f}x"
    )


class ExamClickScenario(Scenario):
    """``bench_load --scenario exam``: every member starts a mock exam (/exam start, untimed), then
    the burst is one answer click each on the question in their DMs (floor: the /panel button)."""

    name = "exam"
    BUTTON = re.compile(r"cc:exam:\d+:0:0")  # question 1, choice A

    def __init__(self) -> None:
        self.clicks: dict[int, tuple[int, str]] = {}  # user id -> (message id, custom id)

    async def prepare(self, fake: FakeDiscord, users: list[FakeUser], target: str) -> None:
        if target == "floor":
            message = await (await fake.invoke_slash("panel")).answer(timeout=10)
            for user in users:
                self.clicks[user.id] = (int(message["id"]), fake.component_ids(message)[0])
            return
        for lo in range(0, len(users), 50):  # 50 at a time: start-up is not what is measured
            handles = [
                await fake.invoke_slash("exam", subcommand="start", user=u) for u in users[lo : lo + 50]
            ]
            await asyncio.gather(*(h.answer(timeout=30) for h in handles))
        for user in users:
            channel = fake.dm_channel(user).id

            def posted(channel: int = channel) -> tuple[int, str] | None:
                for m in fake.bot_messages(channel):
                    ids = [c for c in fake.component_ids(m) if self.BUTTON.fullmatch(c)]
                    if ids:
                        return int(m["id"]), ids[0]
                return None

            self.clicks[user.id] = await fake.wait_until(posted, 10, f"{user.username}'s exam question")

    def make(self, fake: FakeDiscord, i: int, user: FakeUser) -> InteractionState:
        message_id, custom_id = self.clicks[user.id]
        return fake.prepare_click(message_id, custom_id, user=user)

    async def verify(self, location: str, result: Result, users: list[FakeUser], target: str) -> None:
        if target == "floor" or "://" in location:  # the PostgreSQL twin: not checked here
            return
        with sqlite3.connect(f"file:{location}?mode=ro", uri=True) as db:
            rows = db.execute(
                """SELECT a.user_id FROM exam_attempts a JOIN exam_items i ON i.attempt_id = a.id
                   WHERE i.position = 0 AND i.chosen = 0"""
            ).fetchall()
        result.recorded = len({uid for (uid,) in rows} & {u.id for u in users})
        result.notes.append(f"first answers stored: {result.recorded}/{len(users)} members")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        if not args.skip_scale:
            await scale(Path(tmp), args)
        await clicks(Path(tmp), args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=1_000, help="answers per member")
    parser.add_argument("--sample", type=int, default=200, help="members timed")
    parser.add_argument("--clickers", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3, help="click bursts of each kind")
    parser.add_argument("--tmp", default=None, help="directory for the databases (default: the system's)")
    parser.add_argument("--skip-scale", action="store_true", help="only the click bursts")
    asyncio.run(main(parser.parse_args()))
