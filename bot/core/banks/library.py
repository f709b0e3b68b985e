"""Quiz question banks (``quizzes/*.yaml``): loading, validation and selection.

Pure apart from reading the YAML files.  The format is described in docs/content-format.md::

    id: cpc-icd10cm
    title: "CPC: ICD-10-CM diagnosis coding"
    exams: [CPC]
    questions:
      - id: cpc-icd-001
        domain: cpc.icd10cm
        difficulty: 2
        stem: ...
        choices: [E11.9, E11.65, E10.9, R73.9]
        answer: B
        accept: [hyperglycemia code]     # optional
        explanation: ...
        source: ...

Public API:

* ``validate_banks(directory) -> list[Problem]`` - every problem in every bank (empty = valid).
* ``load_banks(directory) -> QuizLibrary`` - raises ``ContentError`` listing the problems.
* ``QuizLibrary``: ``banks`` (list[Bank]), ``questions`` (dict id -> Question),
  ``select(exam=None, domain=None, bank=None) -> list[Question]``,
  ``get(question_id) -> Question | None``, ``overview() -> list[BankSummary]``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.banks.domains import DOMAINS, EXAMS
from bot.core.problems import ContentError, Problem, describe_value, display_path
from bot.core.yamlio import YamlFileError, load_yaml

LETTERS = "ABCDE"
MIN_CHOICES = 2
MAX_CHOICES = 5
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID_LENGTH = 64  # question ids travel inside Discord custom_ids (100 chars max)

BANK_KEYS = {"id", "title", "exams", "questions"}
QUESTION_REQUIRED = ("id", "domain", "difficulty", "stem", "choices", "answer", "explanation", "source")
QUESTION_KEYS = set(QUESTION_REQUIRED) | {"accept"}


@dataclass(frozen=True, slots=True)
class Question:
    """One multiple-choice question. ``answer`` is the 0-based index of the correct choice."""

    id: str
    bank_id: str
    exams: tuple[str, ...]
    domain: str
    difficulty: int
    stem: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    source: str
    accept: tuple[str, ...] = ()

    @property
    def answer_letter(self) -> str:
        return LETTERS[self.answer]

    @property
    def correct_choice(self) -> str:
        return self.choices[self.answer]

    @property
    def letters(self) -> str:
        """The letters in use, e.g. ``"ABCD"``."""
        return LETTERS[: len(self.choices)]


@dataclass(frozen=True, slots=True)
class Bank:
    id: str
    title: str
    exams: tuple[str, ...]
    questions: tuple[Question, ...]
    file: str

    @property
    def domain_counts(self) -> dict[str, int]:
        """Questions per domain id, most common first."""
        return dict(Counter(q.domain for q in self.questions).most_common())


@dataclass(frozen=True, slots=True)
class BankSummary:
    """What ``/quiz banks`` shows: one line per bank."""

    id: str
    title: str
    exams: tuple[str, ...]
    count: int
    domains: dict[str, int]


@dataclass
class QuizLibrary:
    """All loaded banks, questions indexed by id."""

    banks: list[Bank] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)

    @classmethod
    def from_banks(cls, banks: Iterable[Bank]) -> QuizLibrary:
        banks = list(banks)
        questions = {q.id: q for b in banks for q in b.questions}
        return cls(banks=banks, questions=questions)

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def select(
        self, exam: str | None = None, domain: str | None = None, bank: str | None = None
    ) -> list[Question]:
        """Questions matching every filter given (case-insensitive), in bank/file order.

        ``exam`` matches the bank's ``exams`` list; ``domain`` is a domain id such as
        ``cpc.icd10cm``; ``bank`` is a bank id.
        """
        exam_u = exam.strip().upper() if exam else None
        domain_l = domain.strip().lower() if domain else None
        bank_l = bank.strip().lower() if bank else None
        out: list[Question] = []
        for b in self.banks:
            if bank_l and b.id != bank_l:
                continue
            if exam_u and exam_u not in b.exams:
                continue
            out.extend(q for q in b.questions if not domain_l or q.domain == domain_l)
        return out

    def overview(self) -> list[BankSummary]:
        return [BankSummary(b.id, b.title, b.exams, len(b.questions), b.domain_counts) for b in self.banks]


# --------------------------------------------------------------------------- YAML


def _read_yaml(path: Path) -> tuple[Any, str | None]:
    try:
        return load_yaml(path), None
    except YamlFileError as exc:
        return None, str(exc)


# --------------------------------------------------------------------------- validation


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_question(
    raw: Any, index: int, bank_exams: tuple[str, ...], bank_id: str, file: str, problems: list[Problem]
) -> Question | None:
    def bad(msg: str, entry: str | None = None) -> None:
        problems.append(Problem(file, entry, msg))

    if not isinstance(raw, dict):
        bad(f"question #{index + 1} must be a mapping, got {describe_value(raw)}", bank_id)
        return None
    qid = raw.get("id")
    if not _nonempty_str(qid):
        bad(f"question #{index + 1}: missing or empty 'id'", bank_id)
        entry = f"{bank_id} question #{index + 1}"
    else:
        qid = qid.strip()
        entry = qid
        if not ID_RE.match(qid) or len(qid) > MAX_ID_LENGTH:
            bad(f"question id must be lowercase a-z, 0-9 and '-' (at most {MAX_ID_LENGTH} characters)", entry)
    ok = True
    for key in sorted(set(raw) - QUESTION_KEYS, key=str):
        bad(f"unknown key {key!r} (allowed: {', '.join(sorted(QUESTION_KEYS))})", entry)
        ok = False
    for key in QUESTION_REQUIRED:
        if key not in raw or raw[key] is None:
            if key != "id":
                bad(f"missing '{key}'", entry)
            ok = False

    domain = raw.get("domain")
    if domain is not None:
        if not isinstance(domain, str):
            bad(f"'domain' must be text, got {describe_value(domain)}", entry)
            ok = False
        elif domain.strip() not in DOMAINS:
            bad(f"unknown domain {domain!r} (see bot/core/domains.py)", entry)
            ok = False

    difficulty = raw.get("difficulty")
    if difficulty is not None:
        if isinstance(difficulty, bool) or not isinstance(difficulty, int):
            bad(f"'difficulty' must be a whole number 1-3, got {describe_value(difficulty)}", entry)
            ok = False
        elif not 1 <= difficulty <= 3:
            bad(f"'difficulty' must be 1, 2 or 3, got {difficulty}", entry)
            ok = False

    for key in ("stem", "explanation", "source"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            bad(f"'{key}' must be text, got {describe_value(value)}", entry)
            ok = False
        elif not value.strip():
            bad(f"'{key}' is empty", entry)
            ok = False

    choices: list[str] = []
    raw_choices = raw.get("choices")
    if raw_choices is not None:
        if not isinstance(raw_choices, list):
            bad(f"'choices' must be a list, got {describe_value(raw_choices)}", entry)
            ok = False
        else:
            if not MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES:
                bad(
                    f"'choices' must have {MIN_CHOICES} to {MAX_CHOICES} entries, got {len(raw_choices)}",
                    entry,
                )
                ok = False
            for n, c in enumerate(raw_choices):
                if isinstance(c, int) and not isinstance(c, bool):
                    c = str(c)  # e.g. a bare code such as 99213
                if not _nonempty_str(c):
                    bad(
                        f"choice {LETTERS[n] if n < len(LETTERS) else n + 1} must be non-empty text, "
                        f"got {describe_value(c) if not isinstance(c, str) else 'empty text'} (quote it)",
                        entry,
                    )
                    ok = False
                else:
                    choices.append(c.strip())
            lowered = [c.casefold() for c in choices]
            if len(set(lowered)) != len(lowered):
                bad("two choices are the same", entry)
                ok = False

    answer = raw.get("answer")
    answer_index = -1
    if answer is not None:
        if not isinstance(answer, str) or len(answer.strip()) != 1 or answer.strip().upper() not in LETTERS:
            bad(f"'answer' must be one letter A-E, got {answer!r}", entry)
            ok = False
        else:
            answer_index = LETTERS.index(answer.strip().upper())
            if isinstance(raw_choices, list) and answer_index >= len(raw_choices):
                bad(
                    f"'answer' {answer.strip().upper()} is out of range: there are only "
                    f"{len(raw_choices)} choices (A-{LETTERS[max(len(raw_choices), 1) - 1]})",
                    entry,
                )
                ok = False

    accept: list[str] = []
    raw_accept = raw.get("accept")
    if raw_accept is not None:
        if not isinstance(raw_accept, list):
            bad(f"'accept' must be a list of text, got {describe_value(raw_accept)}", entry)
            ok = False
        else:
            for a in raw_accept:
                if isinstance(a, int) and not isinstance(a, bool):
                    a = str(a)
                if not _nonempty_str(a):
                    bad(f"'accept' entries must be non-empty text, got {a!r}", entry)
                    ok = False
                else:
                    accept.append(a.strip())

    if not ok or not isinstance(qid, str):
        return None
    return Question(
        id=qid,
        bank_id=bank_id,
        exams=bank_exams,
        domain=domain.strip(),
        difficulty=difficulty,
        stem=raw["stem"].strip(),
        choices=tuple(choices),
        answer=answer_index,
        explanation=raw["explanation"].strip(),
        source=raw["source"].strip(),
        accept=tuple(accept),
    )


def _check_bank(data: Any, file: str, problems: list[Problem]) -> Bank | None:
    if not isinstance(data, dict):
        problems.append(
            Problem(
                file,
                None,
                f"a bank must be a mapping with keys {sorted(BANK_KEYS)}, got {describe_value(data)}",
            )
        )
        return None
    bank_id = data.get("id")
    ok = True
    if not _nonempty_str(bank_id):
        problems.append(Problem(file, None, "missing or empty bank 'id'"))
        bank_id = Path(file).stem
        ok = False
    else:
        bank_id = bank_id.strip()
        if not ID_RE.match(bank_id) or len(bank_id) > MAX_ID_LENGTH:
            problems.append(Problem(file, bank_id, "bank id must be lowercase a-z, 0-9 and '-'"))
            ok = False
    for key in sorted(set(data) - BANK_KEYS, key=str):
        problems.append(
            Problem(file, bank_id, f"unknown key {key!r} (allowed: {', '.join(sorted(BANK_KEYS))})")
        )
        ok = False
    title = data.get("title")
    if not _nonempty_str(title):
        problems.append(
            Problem(
                file,
                bank_id,
                "missing or empty 'title'"
                if not isinstance(title, (int, float, list, dict))
                else f"'title' must be text, got {describe_value(title)}",
            )
        )
        ok = False
    exams_raw = data.get("exams")
    exams: list[str] = []
    if not isinstance(exams_raw, list) or not exams_raw:
        problems.append(Problem(file, bank_id, f"'exams' must be a non-empty list of {' '.join(EXAMS)}"))
        ok = False
    else:
        for e in exams_raw:
            if not isinstance(e, str) or e.strip().upper() not in EXAMS:
                problems.append(Problem(file, bank_id, f"unknown exam {e!r} (one of {' '.join(EXAMS)})"))
                ok = False
            else:
                exams.append(e.strip().upper())
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(Problem(file, bank_id, "'questions' must be a non-empty list"))
        ok = False
        raw_questions = raw_questions if isinstance(raw_questions, list) else []
    for i, rq in enumerate(raw_questions):
        q = _check_question(rq, i, tuple(dict.fromkeys(exams)), bank_id, file, problems)
        if q is not None:
            questions.append(q)
    if not ok:
        return None
    return Bank(bank_id, title.strip(), tuple(dict.fromkeys(exams)), tuple(questions), file)


def _bank_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _load(directory: Path | str) -> tuple[QuizLibrary, list[Problem]]:
    directory = Path(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        return QuizLibrary(), [Problem(str(directory), None, "quiz directory not found")]
    banks: list[Bank] = []
    bank_files: dict[str, str] = {}
    question_files: dict[str, str] = {}
    for path in _bank_files(directory):
        file = display_path(path)
        data, error = _read_yaml(path)
        if error:
            problems.append(Problem(file, None, error))
            continue
        # Duplicate ids are checked on the raw data so that they are reported even when
        # the bank or question has other problems.
        if isinstance(data, dict) and _nonempty_str(data.get("id")):
            bid = data["id"].strip()
            if bid in bank_files:
                problems.append(Problem(file, bid, f"duplicate bank id (also in {bank_files[bid]})"))
            else:
                bank_files[bid] = file
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            for rq in data["questions"]:
                if isinstance(rq, dict) and _nonempty_str(rq.get("id")):
                    qid = rq["id"].strip()
                    if qid in question_files:
                        where = (
                            "earlier in this file"
                            if question_files[qid] == file
                            else f"also in {question_files[qid]}"
                        )
                        problems.append(Problem(file, qid, f"duplicate question id ({where})"))
                    else:
                        question_files[qid] = file
        bank = _check_bank(data, file, problems)
        if bank is not None:
            banks.append(bank)
    return QuizLibrary.from_banks(banks), problems


def validate_banks(directory: Path | str) -> list[Problem]:
    """Every problem found in ``directory/*.yaml`` (an empty list means the banks are valid)."""
    return _load(directory)[1]


def load_banks(directory: Path | str) -> QuizLibrary:
    """Load every bank in ``directory``; raises ``ContentError`` (with all problems) if any."""
    library, problems = _load(directory)
    if problems:
        raise ContentError(problems)
    return library
