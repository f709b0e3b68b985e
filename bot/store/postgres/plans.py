"""Study plans in PostgreSQL (same rules as ``bot.store.plans``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.core.clock import as_utc

from ..records import PlanActivity, PlanRecord, ReminderOutcome
from .database import PgDatabase, Record


def plan_from_row(row: Record) -> PlanRecord:
    return PlanRecord(
        user_id=row["user_id"],
        exam=row["exam"],
        exam_date=row["exam_date"],
        start_date=row["start_date"],
        hours_per_week=row["hours_per_week"],
        timezone=row["timezone"],
        remind_at=row["remind_at"],
        enabled=row["enabled"],
        created_at=row["created_at"],
    )


class PgPlansStore:
    """Implements ``PlansStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def save_plan(self, plan: PlanRecord) -> None:
        await self._db.execute(
            """INSERT INTO study_plans (user_id, exam, exam_date, start_date, hours_per_week,
                   timezone, remind_at, enabled, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
               ON CONFLICT (user_id) DO UPDATE SET exam = EXCLUDED.exam,
                   exam_date = EXCLUDED.exam_date, start_date = EXCLUDED.start_date,
                   hours_per_week = EXCLUDED.hours_per_week, timezone = EXCLUDED.timezone,
                   remind_at = EXCLUDED.remind_at, enabled = EXCLUDED.enabled,
                   created_at = EXCLUDED.created_at""",
            plan.user_id,
            plan.exam,
            plan.exam_date,
            plan.start_date,
            plan.hours_per_week,
            plan.timezone,
            plan.remind_at,
            plan.enabled,
            as_utc(plan.created_at),
        )

    async def get_plan(self, user_id: int) -> PlanRecord | None:
        row = await self._db.fetch_one("SELECT * FROM study_plans WHERE user_id = $1", user_id)
        return plan_from_row(row) if row else None

    async def disable_plan(self, user_id: int) -> bool:
        touched = await self._db.execute(
            "UPDATE study_plans SET enabled = FALSE WHERE user_id = $1 AND enabled", user_id
        )
        return touched > 0

    async def set_reminder(self, user_id: int, remind_at: str | None) -> bool:
        touched = await self._db.execute(
            "UPDATE study_plans SET remind_at = $1 WHERE user_id = $2 AND enabled", remind_at, user_id
        )
        return touched > 0

    async def plans_with_reminders(self) -> list[PlanRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM study_plans WHERE enabled AND remind_at IS NOT NULL ORDER BY user_id"
        )
        return [plan_from_row(r) for r in rows]

    async def plan_zones(self) -> dict[int, str]:
        rows = await self._db.fetch_all("SELECT user_id, timezone FROM study_plans WHERE enabled")
        return {r["user_id"]: r["timezone"] for r in rows}

    async def add_activity(self, counts: Sequence[tuple[int, PlanActivity]]) -> None:
        if not counts:
            return
        # In key order, so two processes adding to the same rows cannot deadlock.
        ordered = sorted(counts, key=lambda x: (x[0], x[1].local_date, x[1].domain))
        async with self._db.write() as con:
            await con.executemany(
                """INSERT INTO plan_activity (user_id, local_date, domain, answered, correct)
                   SELECT $1, $2, $3, $4, $5
                   WHERE EXISTS (SELECT 1 FROM study_plans WHERE user_id = $1 AND enabled)
                   ON CONFLICT (user_id, local_date, domain) DO UPDATE SET
                       answered = plan_activity.answered + EXCLUDED.answered,
                       correct = plan_activity.correct + EXCLUDED.correct""",
                [(user_id, c.local_date, c.domain, c.answered, c.correct) for user_id, c in ordered],
            )

    async def activity(self, user_id: int, since: date, until: date) -> list[PlanActivity]:
        rows = await self._db.fetch_all(
            """SELECT * FROM plan_activity WHERE user_id = $1 AND local_date BETWEEN $2 AND $3
               ORDER BY local_date, domain COLLATE "C"
            """,
            user_id,
            since,
            until,
        )
        return [PlanActivity(r["local_date"], r["domain"], r["answered"], r["correct"]) for r in rows]

    async def claim_reminder(self, user_id: int, day: date, now: datetime) -> bool:
        touched = await self._db.execute(
            """INSERT INTO plan_reminders (user_id, local_date, recorded_at) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING""",
            user_id,
            day,
            as_utc(now),
        )
        return touched > 0

    async def finish_reminder(self, user_id: int, day: date, outcome: ReminderOutcome) -> None:
        await self._db.execute(
            "UPDATE plan_reminders SET outcome = $1 WHERE user_id = $2 AND local_date = $3",
            outcome,
            user_id,
            day,
        )

    async def reminded(self, user_ids: Sequence[int], day: date) -> frozenset[int]:
        rows = await self._db.fetch_all(
            "SELECT user_id FROM plan_reminders WHERE local_date = $1 AND user_id = ANY($2::bigint[])",
            day,
            list(user_ids),
        )
        return frozenset(r["user_id"] for r in rows)
