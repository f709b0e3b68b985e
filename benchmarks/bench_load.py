"""Load benchmark: bursts of simultaneous interactions against the real bot, run as a subprocess.

    .venv/bin/python -m benchmarks.bench_load                      # /ask, 500, bot (both engines) vs floor
    .venv/bin/python -m benchmarks.bench_load --sizes 100 --targets bot
    .venv/bin/python -m benchmarks.bench_load --scenario click --click-command panel --targets floor
    .venv/bin/python -m benchmarks.bench_load --scenario daily-click --sizes 500   # daily answer buttons
    .venv/bin/python -m benchmarks.bench_load --scenario daily-click --db sqlite postgres --repeat 3
    .venv/bin/python -m benchmarks.bench_load --scenario exam --db sqlite   # one mock-exam answer each

The fake Discord (tests/fakediscord) runs in this process; each bot runs in its own process through
``python -m tests.fakediscord.launcher``, exactly as ``python -m bot run`` (the ``bot`` target) or as a bare
discord.py bot whose commands only defer (the ``floor`` target: the cost of discord.py itself).
For every burst it prints received vs lost callbacks, p50/p99 event→callback latency, how many missed
Discord's 3-second deadline (answered 10062 by the fake), how many got a visible answer, and the
bot/floor ratios.

Scenarios are small classes (``setup`` once per bot, ``make`` one interaction per member, optionally
``verify`` after the bot exited, with its database): add one by subclassing :class:`Scenario`.

``daily-click``: ``/daily setup`` + ``/daily now`` (as a member with Manage Server) post the daily
question, then every member clicks the same answer button of it; afterwards the bot's database (the
SQLite file, read-only, or the PostgreSQL database) is read to check that every click was recorded
exactly once (column ``recorded``). On the ``floor`` target the same burst clicks the floor bot's
``/panel`` button (which only defers).

``--db sqlite postgres`` runs the bot on each engine (PostgreSQL: a new database per burst on
``--postgres``, by default a throw-away server started as the tests do); ``--repeat N`` runs the
whole set N times, bot and floor alternating, so the noise of a shared machine lands on both.  The
table has one row per burst and the bot/floor ratios per engine, for each repeat and their median.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fakediscord import FakeDiscord, FakeUser, install_dns_guard
from tests.fakediscord.process import launched
from tests.fakediscord.server import InteractionState

from .load_report import answers_per_member, print_table
from .pg import new_database, postgres_server

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [
    "how many CEUs for the CPC?",
    "what is the CCS exam like?",
    "CPC or CCS for a hospital job?",
    "how much does the CPC exam cost?",
    "what does a risk adjustment coder do?",
    "how do I remove the CPC-A apprentice status?",
    "how long is the CCA exam?",
    "what salary can a certified coder expect?",
    "which books can I bring to the CPC exam?",
    "how do I keep my CCS active?",
    "what is ICD-10-PCS used for?",
    "tips for studying for the CIC",
    "is the CRC exam hard?",
    "what is the pass rate of the CPC?",
    "do I need a degree to become a coder?",
    "what's the best pizza in town?",
]


# --------------------------------------------------------------------------- scenarios


class Scenario:
    """One kind of burst. ``setup`` runs once per bot process; ``make`` builds member ``i``'s interaction."""

    name = "base"

    async def setup(self, fake: FakeDiscord, target: str) -> None:
        pass

    async def prepare(self, fake: FakeDiscord, users: list[FakeUser], target: str) -> None:
        """Per-member setup once the burst's members exist (before any is timed). Optional."""

    def make(self, fake: FakeDiscord, i: int, user: FakeUser) -> InteractionState:
        raise NotImplementedError

    async def verify(self, location: str, result: Result, users: list[FakeUser], target: str) -> None:
        """After the bot exited: check what it stored in ``location`` (an SQLite path or a
        PostgreSQL URL; sets ``result.recorded``). Optional."""


class AskScenario(Scenario):
    name = "ask"

    def make(self, fake: FakeDiscord, i: int, user: FakeUser) -> InteractionState:
        question = f"{QUESTIONS[i % len(QUESTIONS)]} (#{i})"
        return fake.prepare_slash("ask", {"question": question}, user=user)


class ClickScenario(Scenario):
    """Every member clicks a button on one message the bot posted in response to ``command``.

    For quizzes: ``--click-command quiz --click-options '{"deck": "cpc-foundations"}'
    --click-custom-id 'quiz:.*:answer:0'`` (the first button whose custom_id matches is clicked).
    """

    name = "click"

    def __init__(self, command: str | None, options: dict[str, Any] | None, custom_id: str | None):
        self.command, self.options, self.pattern = command, options or {}, custom_id
        self.message_id: int | None = None
        self.custom_id: str | None = None

    async def setup(self, fake: FakeDiscord, target: str) -> None:
        command = self.command or ("panel" if target == "floor" else None)
        if command is None:
            raise SystemExit("click scenario: pass --click-command (the bot command that posts the buttons)")
        h = await fake.invoke_slash(command, self.options if command == self.command else {})
        message = await h.answer(timeout=10)
        ids = fake.component_ids(message)
        pattern = re.compile(self.pattern) if self.pattern and target != "floor" else None
        chosen = [c for c in ids if pattern is None or pattern.fullmatch(c)]
        if not chosen:
            raise SystemExit(f"click scenario: no component matches {self.pattern!r} in {ids}")
        self.message_id, self.custom_id = int(message["id"]), chosen[0]

    def make(self, fake: FakeDiscord, i: int, user: FakeUser) -> InteractionState:
        assert self.message_id is not None and self.custom_id is not None
        return fake.prepare_click(self.message_id, self.custom_id, user=user)


class DailyClickScenario(Scenario):
    """Every member clicks the same answer button of the daily question (floor: the /panel button)."""

    name = "daily-click"
    DAILY_BUTTON = re.compile(r"cc:d:(\d+):(\d)")

    def __init__(self) -> None:
        self.message_id: int | None = None
        self.custom_ids: list[str] = []
        self.post_id: int | None = None

    async def setup(self, fake: FakeDiscord, target: str) -> None:
        from tests.fakediscord import Perm

        if target == "floor":
            h = await fake.invoke_slash("panel")
            message = await h.answer(timeout=10)
            self.message_id, self.custom_ids = int(message["id"]), fake.component_ids(message)
            return
        manager = Perm.MEMBER | Perm.MANAGE_GUILD
        channel = fake.channel("quiz-room")
        h = await fake.invoke_slash(
            "daily",
            {"channel": channel.id, "time": "09:00", "timezone": "America/New_York"},
            subcommand="setup",
            user="mona",
            permissions=manager,
        )
        answer = await h.answer(timeout=10)
        if "Daily question set" not in (answer.get("content") or ""):
            raise SystemExit(f"daily-click: /daily setup failed: {answer.get('content')!r}")
        h = await fake.invoke_slash("daily", subcommand="now", user="mona", permissions=manager)
        await h.answer(timeout=10)

        def posted():
            for m in fake.bot_messages(channel.id):
                ids = [c for c in fake.component_ids(m) if self.DAILY_BUTTON.fullmatch(c)]
                if ids:
                    return m, ids
            return None

        message, ids = await fake.wait_until(posted, 10, "the daily question")
        self.message_id, self.custom_ids = int(message["id"]), ids
        self.post_id = int(self.DAILY_BUTTON.fullmatch(ids[0]).group(1))  # type: ignore[union-attr]

    def make(self, fake: FakeDiscord, i: int, user: FakeUser) -> InteractionState:
        assert self.message_id is not None
        return fake.prepare_click(self.message_id, self.custom_ids[i % len(self.custom_ids)], user=user)

    async def verify(self, location: str, result: Result, users: list[FakeUser], target: str) -> None:
        if target == "floor" or self.post_id is None:
            return
        counts = await answers_per_member(location, self.post_id)
        wanted = {u.id for u in users}
        result.recorded = sum(1 for uid in wanted if counts.get(uid) == 1)
        result.notes.append(
            f"answers stored for post {self.post_id}: {sum(counts.values())} "
            f"({len(wanted & counts.keys())}/{len(wanted)} members, "
            f"{sum(1 for c in counts.values() if c > 1)} counted twice, "
            f"{len(counts.keys() - wanted)} strangers)"
        )


# --------------------------------------------------------------------------- measuring


@dataclass
class Result:
    target: str
    size: int
    engine: str = "-"  # the bot's database ("sqlite" | "postgres"); "-" for the floor
    repeat: int = 0
    received: int = 0
    ok: int = 0
    late: int = 0  # callback after the deadline (10062)
    answered: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, first callback per interaction
    send_span: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    recorded: int | None = None  # answers found in the bot's database afterwards (scenarios that verify)
    notes: list[str] = field(default_factory=list)
    users: list[FakeUser] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.size - self.received

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        k = min(len(data) - 1, max(0, round(q / 100 * (len(data) - 1))))
        return data[k] * 1000


async def run_burst(
    fake: FakeDiscord, scenario: Scenario, target: str, size: int, deadline: float, grace: float
) -> Result:
    fake.ack_deadline = deadline
    users = [fake.user(FakeUser(fake.snowflake(), f"member{target}{size}_{i}")) for i in range(size)]
    await scenario.prepare(fake, users, target)
    states = [scenario.make(fake, i, u) for i, u in enumerate(users)]
    t0 = time.monotonic()
    await fake.fire(states)
    result = Result(target, size, send_span=time.monotonic() - t0, users=users)
    futures = [st.first_callback for st in states]
    await asyncio.wait(futures, timeout=deadline + grace)  # type: ignore[arg-type]
    # give late answers (followups/edits) a moment to land
    end = time.monotonic() + min(grace, 5.0)
    while time.monotonic() < end and sum(1 for st in states if fake.answer_of(st.id) is not None) < size:
        await asyncio.sleep(0.1)
    for st in states:
        cb = st.callbacks[0] if st.callbacks else None
        if cb is None:
            continue
        result.received += 1
        result.latencies.append(cb.time - st.created)
        if cb.ok:
            result.ok += 1
        else:
            key = f"{cb.status}/{cb.error_code}"
            result.errors[key] = result.errors.get(key, 0) + 1
            if cb.error_code == 10062:
                result.late += 1
        if fake.answer_of(st.id) is not None:
            result.answered += 1
    fake.take_failures()  # expected under overload; reported in the table instead
    return result


async def measure(
    target: str, size: int, scenario: Scenario, args: argparse.Namespace, engine: str, admin: str | None
) -> Result:
    """One burst of ``size`` against a fresh bot process (and a fresh database)."""
    fake = FakeDiscord()  # production heartbeat (41.25 s)
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "bench.sqlite3")
        if engine == "postgres" and target == "bot":
            location = await new_database(admin or "", "load")
        env = {
            "CERTCOACH_DB": location,
            "CERTCOACH_COOLDOWN": "0",
            "LOG_LEVEL": args.log_level,
            "FAKEDISCORD_GUILD_READY_TIMEOUT": "0.1",
        }
        label = f"{target}/{engine}" if target == "bot" else target
        try:
            async with launched(fake, target, env=env, ready_timeout=60) as proc:
                await fake.wait_for_commands(fake.guild_id, timeout=10)
                await scenario.setup(fake, target)
                await asyncio.sleep(0.5)  # let start-up settle
                result = await run_burst(fake, scenario, target, size, args.deadline, args.grace)
                result.engine = engine if target == "bot" else "-"
                print(
                    f"  {label:<13} N={size:<5} done (bot pid {proc.pid}, events sent in "
                    f"{result.send_span * 1000:.0f} ms)",
                    flush=True,
                )
                bad = [line for line in proc.output if "ERROR" in line or "CRITICAL" in line]
                if bad:
                    print(f"  {label}: {len(bad)} ERROR line(s) in the bot's output, first: {bad[0][:160]}")
            # the bot has exited (its store closed): check what it recorded
            await scenario.verify(location, result, result.users, target)
            for note in result.notes:
                print(f"  {label:<13} N={size:<5} {note}", flush=True)
        finally:
            await fake.stop()
    return result


async def main_async(args: argparse.Namespace) -> list[Result]:
    install_dns_guard()
    if args.scenario == "ask":
        scenario: Scenario = AskScenario()
    elif args.scenario == "daily-click":
        scenario = DailyClickScenario()
    elif args.scenario == "exam":
        from .bench_study import ExamClickScenario  # it imports this module

        scenario = ExamClickScenario()
    else:
        scenario = ClickScenario(
            args.click_command, json.loads(args.click_options or "{}"), args.click_custom_id
        )
    runs = [("bot", engine) for engine in args.db] if "bot" in args.targets else []
    runs += [(target, "-") for target in args.targets if target != "bot"]
    if len(runs) > 2 and runs[-1][0] == "floor":  # the floor between the engines' bots
        runs.insert(1, runs.pop())
    results: list[Result] = []
    with contextlib.ExitStack() as stack:
        admin = None
        if ("bot", "postgres") in runs:
            admin = stack.enter_context(postgres_server(args.postgres))
        for repeat in range(args.repeat):
            for size in args.sizes:
                for target, engine in runs:
                    label = f"{target}/{engine}" if target == "bot" else target
                    print(
                        f"run {repeat + 1}: {label}: a burst of {size} simultaneous {scenario.name}",
                        flush=True,
                    )
                    result = await measure(target, size, scenario, args, engine, admin)
                    result.repeat = repeat
                    results.append(result)
    print_table(scenario.name, results)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=1, help="run the whole set this many times")
    parser.add_argument(
        "--postgres",
        default="auto",
        metavar="ADMIN_URL",
        help="server for --db postgres ('auto': throw-away)",
    )
    parser.add_argument(
        "--targets", nargs="+", default=["bot", "floor"], choices=["bot", "floor", "selftest"]
    )
    parser.add_argument("--scenario", choices=["ask", "click", "daily-click", "exam"], default="ask")
    parser.add_argument("--click-command", default=None, help="command whose answer carries the buttons")
    parser.add_argument("--click-options", default=None, help="JSON options for --click-command")
    parser.add_argument("--click-custom-id", default=None, help="regex: which button to click")
    parser.add_argument("--deadline", type=float, default=3.0, help="Discord's acknowledgement deadline (s)")
    parser.add_argument("--grace", type=float, default=10.0, help="extra seconds to wait for stragglers")
    parser.add_argument(
        "--log-level", default=os.environ.get("LOG_LEVEL", "INFO"), help="the bot's LOG_LEVEL"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
