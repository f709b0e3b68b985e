"""``python -m bot unanswered export [--guild ID] [--out FILE]``: the questions moderators marked
"Add to KB" in /unanswered, as knowledge-base stubs (``knowledge/`` topics YAML) to fill in.

A stub's title and text are TODO and its sources empty, so ``python -m bot validate`` refuses it
until a maintainer has written it and named its sources. Exit codes: 0 done (nothing marked is
not an error); 1 FILE exists (pass --force) or cannot be written; 2 the database cannot be used.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from .config import Settings

EXIT_REFUSED = 1
EXIT_UNUSABLE = 2


def add_unanswered_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    unanswered = sub.add_parser("unanswered", help="the moderators' unanswered-questions queue")
    action = unanswered.add_subparsers(dest="unanswered_command", required=True)
    export = action.add_parser("export", help="knowledge-base stubs of the items marked 'Add to KB'")
    export.add_argument("--guild", type=int, default=None, help="one server's items (default: every server)")
    export.add_argument("--out", default=None, help="write the stubs to FILE (default: stdout)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def cmd_unanswered(settings: Settings, args: argparse.Namespace) -> int:
    from .store.errors import StoreError

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        return _fail(f"{out} already exists; choose another file or pass --force.", EXIT_REFUSED)
    try:
        count, text = asyncio.run(_export(settings, args.guild))
    except StoreError as exc:
        return _fail(f"cannot use the database (CERTCOACH_DB): {exc}.", EXIT_UNUSABLE)
    where = f"server {args.guild}" if args.guild else "any server"
    if count == 0:
        print(f"No question of {where} is marked 'Add to KB' (use /unanswered).", file=sys.stderr)
        return 0
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        out.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}.", EXIT_REFUSED)
    print(f"Wrote {count} stub(s) to {out}: fill them in, move them into knowledge/, run validate.")
    return 0


async def _export(settings: Settings, guild_id: int | None) -> tuple[int, str]:
    from .wiring import open_feedback

    async with open_feedback(settings) as feedback:
        return await feedback.export_stubs(guild_id)


def _fail(message: str, code: int) -> int:
    print(f"CertCoach unanswered: {message}", file=sys.stderr)
    return code
