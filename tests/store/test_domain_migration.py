"""Migration 0008_domains: members' stored answers follow their questions to the current areas.

Answers recorded before the banks were re-tagged hold the seed guide's area ids.  After the
upgrade, every such answer must sit in the area its question has in the shipped banks today,
on both engines, whether the old area was split per question (old surgery, query items) or
merged by id.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.core.banks.domains import DOMAINS, LEGACY_IDS, domain_title
from bot.core.banks.loader import load_banks
from bot.store import LATEST_VERSION, open_store

from .helpers import make_round, make_rq, new_answer, raw_write

QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
BEFORE = 7  # the schema version before 0008_domains

# Old id -> the shipped questions that held it (split ids are listed by question, as the
# migration does; a merged id is checked on one question of the area it merged into).
SPLIT = {
    "cpc.surgery": [f"cpcp-{n:03d}" for n in range(1, 21)],
    "ccs.documentation": ["ccsc-doc-010", "ccsc-doc-011", "ccsc-doc-020", "ccsc-doc-001"],
}


def _old_answers() -> list[tuple[str, str, str]]:
    """(question id, old domain id, domain id the question has today)."""
    library = load_banks(QUIZZES)
    domain_of = {q.id: q.domain for q in library.select()}
    rows = [(qid, old, domain_of[qid]) for old, qids in SPLIT.items() for qid in qids]
    for old, new in LEGACY_IDS.items():
        qid = next(q for q, d in domain_of.items() if d == new)
        rows.append((qid, old, new))
    return rows


async def test_old_area_ids_move_to_the_areas_their_questions_have_now(db_location):
    rows = _old_answers()
    old = await open_store(db_location, target_version=BEFORE)
    try:
        rnd = await make_round(old)
        rq = await make_rq(old, rnd.id)
        for user, (qid, old_domain, _) in enumerate(rows, start=100):
            outcome = await old.answers.record_answer(
                dataclasses.replace(new_answer(rq.id, user), question_id=qid, domain=old_domain)
            )
            assert outcome.status == "accepted"
        await raw_write(old, "UPDATE rounds SET domain = ? WHERE id = ?", "ccs.inpatient", rnd.id)
    finally:
        await old.close()

    store = await open_store(db_location)
    try:
        assert await store.schema_version() == LATEST_VERSION
        for user, (qid, _, new_domain) in enumerate(rows, start=100):
            counts = await store.answers.member_counts(rnd.guild_id, user)
            assert [c.domain for c in counts.domains] == [new_domain], qid
        assert (await store.rounds.get_round(rnd.id)).domain == "ccs.coding"
    finally:
        await store.close()


def test_every_area_a_row_can_still_hold_has_a_title():
    assert all(new in DOMAINS for new in LEGACY_IDS.values())
    assert domain_title("ccs.inpatient") == DOMAINS["ccs.coding"].title
    assert "surgery" in domain_title("cpc.surgery").lower()
