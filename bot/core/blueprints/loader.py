"""Loading and checking ``blueprints/*.yaml`` (the format is in docs/content-format.md).

``read_blueprints(directory) -> (blueprints by exam, problems)``; ``check_against_banks``
reports every area without enough questions for one full mock exam, naming the area, what
it has and what it needs.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..banks.domains import DOMAINS, EXAMS
from ..banks.library import QuizLibrary
from ..content.checks import Checker, is_text, whole_number
from ..content.problems import ContentError, Problem, describe_value, display_path
from .model import AreaShare, Blueprint

KEYS = {"exam", "title", "questions", "minutes", "pass_percent", "pass_note", "source", "areas"}
AREA_KEYS = {"domain", "count", "source", "estimated"}


def _number(ck: Checker, raw: dict[Any, Any], key: str, entry: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    value = raw.get(key)
    if not whole_number(value) or not low <= value <= high:
        ck.add(entry, f"'{key}' must be a whole number {low}-{high}, got {describe_value(value)}")
        return 0
    return value


def _area(ck: Checker, raw: Any, exam: str, n: int) -> AreaShare | None:
    entry = f"{exam} area #{n}"
    if not isinstance(raw, dict):
        ck.add(entry, f"an area must be a mapping with {sorted(AREA_KEYS)}, got {describe_value(raw)}")
        return None
    for key in sorted(set(raw) - AREA_KEYS, key=str):
        ck.add(entry, f"unknown key {key!r}")
    domain = raw.get("domain")
    if not isinstance(domain, str) or domain not in DOMAINS:
        ck.add(entry, f"unknown area {domain!r} (see bot/core/banks/domains.py)")
        return None
    if DOMAINS[domain].exam != exam:
        ck.add(domain, f"belongs to the {DOMAINS[domain].exam or 'no'} exam, not {exam}")
    count = _number(ck, raw, "count", domain, (1, 500))
    if not is_text(raw.get("source")):
        ck.add(domain, "every count needs a 'source' (say how an estimate was chosen)")
    estimated = raw.get("estimated", False)
    if not isinstance(estimated, bool):
        ck.add(domain, "'estimated' must be true or false")
    return AreaShare(domain, count, str(raw.get("source", "")).strip(), bool(estimated))


def _blueprint(ck: Checker, data: Any) -> Blueprint | None:
    if not isinstance(data, dict):
        ck.add(None, f"a blueprint must be a mapping with {sorted(KEYS)}, got {describe_value(data)}")
        return None
    before = len(ck.problems)
    exam = data.get("exam")
    if exam not in EXAMS:
        ck.add(None, f"'exam' must be one of {' '.join(EXAMS)}, got {exam!r}")
        return None
    for key in sorted(set(data) - KEYS, key=str):
        ck.add(exam, f"unknown key {key!r} (allowed: {', '.join(sorted(KEYS))})")
    for key in ("title", "source"):
        if not is_text(data.get(key)):
            ck.add(exam, f"missing or empty '{key}'")
    questions = _number(ck, data, "questions", exam, (1, 500))
    minutes = _number(ck, data, "minutes", exam, (1, 600))
    pass_percent = _number(ck, data, "pass_percent", exam, (1, 100))
    raw_areas = data.get("areas")
    if not isinstance(raw_areas, list) or not raw_areas:
        ck.add(exam, "'areas' must be a non-empty list")
        raw_areas = []
    areas = [a for n, raw in enumerate(raw_areas, 1) if (a := _area(ck, raw, exam, n)) is not None]
    twice = [d for d, k in Counter(a.domain for a in areas).items() if k > 1]
    if twice:
        ck.add(exam, f"areas listed twice: {twice}")
    if areas and questions and sum(a.count for a in areas) != questions:
        ck.add(exam, f"the area counts add up to {sum(a.count for a in areas)}, not the exam's {questions}")
    if len(ck.problems) > before:
        return None
    return Blueprint(
        exam=exam,
        title=str(data["title"]).strip(),
        questions=questions,
        minutes=minutes,
        pass_percent=pass_percent,
        source=str(data["source"]).strip(),
        areas=tuple(areas),
        pass_note=str(data.get("pass_note") or "").strip(),
        file=ck.file,
    )


def read_blueprints(directory: Path | str) -> tuple[dict[str, Blueprint], list[Problem]]:
    """Every valid blueprint by exam, and every problem found."""
    directory = Path(directory)
    if not directory.is_dir():
        return {}, [Problem(str(directory), None, "blueprint directory not found")]
    found: dict[str, Blueprint] = {}
    problems: list[Problem] = []
    for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml")):
        ck = Checker(display_path(path))
        ok, data = ck.read_yaml(path)
        blueprint = _blueprint(ck, data) if ok else None
        if blueprint is not None:
            if blueprint.exam in found:
                ck.add(
                    blueprint.exam, f"a second blueprint for this exam (also in {found[blueprint.exam].file})"
                )
            else:
                found[blueprint.exam] = blueprint
        problems += ck.problems
    return found, problems


def load_blueprints(directory: Path | str) -> dict[str, Blueprint]:
    """Every blueprint by exam; raises ``ContentError`` naming every problem."""
    found, problems = read_blueprints(directory)
    if problems:
        raise ContentError(problems)
    return found


def check_against_banks(blueprints: dict[str, Blueprint], library: QuizLibrary) -> list[Problem]:
    """Each area needs at least as many questions as one full mock exam draws from it."""
    have = Counter(q.domain for q in library.select())
    return [
        Problem(
            bp.file,
            area.domain,
            f"{have[area.domain]} questions, but one full {bp.exam} mock exam draws {area.count}: "
            f"write {area.count - have[area.domain]} more",
        )
        for bp in blueprints.values()
        for area in bp.areas
        if have[area.domain] < area.count
    ]
