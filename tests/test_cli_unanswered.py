"""`python -m bot unanswered export`: the items moderators marked "Add to KB" as knowledge-base
stubs, one server's or every server's, to stdout or a file; a stub fails `validate` until filled."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime

import yaml

from bot.core.feedback import ItemKind, ItemStatus
from bot.store import open_store
from tests.test_cli import ROOT, run

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _marked(path, items: list[tuple[int, str, bool]]) -> None:
    """Queue each (guild, question, marked for the KB) in the database at ``path``."""

    async def go() -> None:
        store = await open_store(path)
        try:
            for guild, question, marked in items:
                item = await store.feedback.add_unanswered(guild, ItemKind.DECLINED, question, "", T0)
                if marked:
                    await store.feedback.mark_unanswered(guild, item, ItemStatus.KB)
        finally:
            await store.close()

    asyncio.run(go())


def _env(path) -> dict[str, str]:
    # A retention long enough that the fixed dates above are never pruned.
    return {"CERTCOACH_DB": str(path), "DISCORD_TOKEN": "", "CERTCOACH_UNANSWERED_DAYS": "3650"}


def test_export_prints_stubs_of_marked_items_only(tmp_path):
    db = tmp_path / "db.sqlite3"
    _marked(db, [(1, "what is the cpb", True), (1, "who won the match", False), (2, "rhit vs rhia", True)])
    everything = run("unanswered", "export", env=_env(db))
    assert everything.returncode == 0, everything.stderr
    entries = yaml.safe_load(everything.stdout)["entries"]
    assert [e["questions"] for e in entries] == [["what is the cpb"], ["rhit vs rhia"]]  # ties: by id
    one = run("unanswered", "export", "--guild", "1", env=_env(db))
    [entry] = yaml.safe_load(one.stdout)["entries"]
    assert entry == {
        "id": "new-what-is-the-cpb",
        "title": "TODO",
        "keywords": [],
        "questions": ["what is the cpb"],
        "text": "TODO",
        "sources": [],
    }
    nothing = run("unanswered", "export", "--guild", "3", env=_env(db))
    assert nothing.returncode == 0 and nothing.stdout == ""
    assert "No question of server 3 is marked" in nothing.stderr


def test_export_to_a_file_refuses_to_overwrite_and_the_stub_fails_validate(tmp_path):
    db = tmp_path / "db.sqlite3"
    _marked(db, [(1, "what is the cpb", True)])
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    out = knowledge / "topics-new.yaml"
    written = run("unanswered", "export", "--out", str(out), env=_env(db))
    assert written.returncode == 0, written.stderr
    assert "Wrote 1 stub(s)" in written.stdout and out.read_text().startswith("# Knowledge-base stubs")
    again = run("unanswered", "export", "--out", str(out), env=_env(db))
    assert again.returncode == 1 and "already exists" in again.stderr
    checked = run("validate", env={**_env(db), "CERTCOACH_KNOWLEDGE": str(knowledge)})
    assert checked.returncode == 1
    assert "topics-new.yaml" in checked.stdout and "new-what-is-the-cpb" in checked.stdout
