"""Study plans in SQLite (``PlansStore``): one plan per member, their practice per local day
and area, and the reminder rows (``PRIMARY KEY (user_id, local_date)``: at most one a day)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from .database import Database, Row, from_db_time, to_db_time
from .records import PlanActivity, PlanRecord, ReminderOutcome


def plan_from_row(row: Row) -> PlanRecord:
    return PlanRecord(
        user_id=row["user_id"],
        exam=row["exam"],
        exam_date=date.fromisoformat(row["exam_date"]),
        start_date=date.fromisoformat(row["start_date"]),
        hours_per_week=row["hours_per_week"],
        timezone=row["timezone"],
        remind_at=row["remind_at"],
        enabled=bool(row["enabled"]),
        created_at=from_db_time(row["created_at"]),
    )


class SqlitePlansStore:
    """Implements ``PlansStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def save_plan(self, plan: PlanRecord) -> None:
        async with self._db.write() as db:
            await db.execute(
                """INSERT INTO study_plans (user_id, exam, exam_date, start_date, hours_per_week,
                       timezone, remind_at, enabled, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (user_id) DO UPDATE SET exam = excluded.exam,
                       exam_date = excluded.exam_date, start_date = excluded.start_date,
                       hours_per_week = excluded.hours_per_week, timezone = excluded.timezone,
                       remind_at = excluded.remind_at, enabled = excluded.enabled,
                       created_at = excluded.created_at""",
                (
                    plan.user_id,
                    plan.exam,
                    plan.exam_date.isoformat(),
                    plan.start_date.isoformat(),
                    plan.hours_per_week,
                    plan.timezone,
                    plan.remind_at,
                    int(plan.enabled),
                    to_db_time(plan.created_at),
                ),
            )

    async def get_plan(self, user_id: int) -> PlanRecord | None:
        row = await self._db.fetch_one("SELECT * FROM study_plans WHERE user_id = ?", (user_id,))
        return plan_from_row(row) if row else None

    async def disable_plan(self, user_id: int) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE study_plans SET enabled = 0 WHERE user_id = ? AND enabled = 1", (user_id,)
            )
            return cur.rowcount > 0

    async def set_reminder(self, user_id: int, remind_at: str | None) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE study_plans SET remind_at = ? WHERE user_id = ? AND enabled = 1", (remind_at, user_id)
            )
            return cur.rowcount > 0

    async def plans_with_reminders(self) -> list[PlanRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM study_plans WHERE enabled = 1 AND remind_at IS NOT NULL ORDER BY user_id"
        )
        return [plan_from_row(r) for r in rows]

    async def plan_zones(self) -> dict[int, str]:
        rows = await self._db.fetch_all("SELECT user_id, timezone FROM study_plans WHERE enabled = 1")
        return {r["user_id"]: r["timezone"] for r in rows}

    async def add_activity(self, counts: Sequence[tuple[int, PlanActivity]]) -> None:
        if not counts:
            return
        async with self._db.write() as db:
            await db.executemany(
                """INSERT INTO plan_activity (user_id, local_date, domain, answered, correct)
                   SELECT ?, ?, ?, ?, ?
                   WHERE EXISTS (SELECT 1 FROM study_plans WHERE user_id = ? AND enabled = 1)
                   ON CONFLICT (user_id, local_date, domain) DO UPDATE SET
                       answered = answered + excluded.answered, correct = correct + excluded.correct""",
                [
                    (user_id, c.local_date.isoformat(), c.domain, c.answered, c.correct, user_id)
                    for user_id, c in counts
                ],
            )

    async def activity(self, user_id: int, since: date, until: date) -> list[PlanActivity]:
        rows = await self._db.fetch_all(
            """SELECT * FROM plan_activity WHERE user_id = ? AND local_date BETWEEN ? AND ?
               ORDER BY local_date, domain""",
            (user_id, since.isoformat(), until.isoformat()),
        )
        return [
            PlanActivity(date.fromisoformat(r["local_date"]), r["domain"], r["answered"], r["correct"])
            for r in rows
        ]

    async def claim_reminder(self, user_id: int, day: date, now: datetime) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                """INSERT INTO plan_reminders (user_id, local_date, recorded_at) VALUES (?, ?, ?)
                   ON CONFLICT DO NOTHING""",
                (user_id, day.isoformat(), to_db_time(now)),
            )
            return cur.rowcount > 0

    async def finish_reminder(self, user_id: int, day: date, outcome: ReminderOutcome) -> None:
        async with self._db.write() as db:
            await db.execute(
                "UPDATE plan_reminders SET outcome = ? WHERE user_id = ? AND local_date = ?",
                (outcome, user_id, day.isoformat()),
            )

    async def reminded(self, user_ids: Sequence[int], day: date) -> frozenset[int]:
        if not user_ids:
            return frozenset()
        marks = ", ".join("?" for _ in user_ids)
        rows = await self._db.fetch_all(
            f"SELECT user_id FROM plan_reminders WHERE local_date = ? AND user_id IN ({marks})",
            (day.isoformat(), *user_ids),
        )
        return frozenset(r["user_id"] for r in rows)
