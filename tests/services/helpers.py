"""Test data and doubles shared by the service tests."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from bot.core.banks.library import QuizLibrary
from bot.store import Store
from bot.wiring import QuizServices
from bot.wiring import build_quiz_services as wire_quiz_services

GUILD, CHANNEL, DAILY_CHANNEL = 100, 200, 300
ANN, BOB, CY, DEE = 1, 2, 3, 4


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def build_quiz_services(store: Store, library: QuizLibrary, clock: Clock, seed: int = 42) -> QuizServices:
    """Every quiz service on ``store``, wired by ``bot.wiring`` itself, on a test clock and seed."""
    return wire_quiz_services(store, library, clock=clock, rng=random.Random(seed))


def q(qid: str, domain: str = "cpc.icd10cm", answer: str = "B") -> dict:
    return {
        "id": qid,
        "domain": domain,
        "kind": "recall",
        "difficulty": 1,
        "stem": f"Question {qid}?",
        "choices": ["Alpha choice", "Bravo choice", "Charlie choice", "Delta choice"],
        "answer": answer,
        "explanation": f"Because {qid}.",
        "source": "Guidelines I.A",
    }


def write_banks(directory: Path) -> Path:
    """Two banks: cpc-mixed (10 CPC questions: 6 ICD-10-CM, 4 anatomy) and ccs-coding (3 CCS)."""
    directory.mkdir(parents=True, exist_ok=True)
    cpc = {
        "id": "cpc-mixed",
        "title": "CPC mixed",
        "exams": ["CPC"],
        "questions": [q(f"cpc-{i:02d}", "cpc.icd10cm" if i < 6 else "cpc.anatomy") for i in range(10)],
    }
    ccs = {
        "id": "ccs-coding",
        "title": "CCS coding",
        "exams": ["CCS"],
        "questions": [q(f"ccs-{i:02d}", "ccs.coding", answer="A") for i in range(3)],
    }
    (directory / "cpc.yaml").write_text(yaml.safe_dump(cpc), encoding="utf-8")
    (directory / "ccs.yaml").write_text(yaml.safe_dump(ccs), encoding="utf-8")
    return directory
