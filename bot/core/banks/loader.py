"""Loading and validating the question banks (``quizzes/*.yaml``).

The format is described in docs/content-format.md::

    id: cpc-icd10cm
    title: "CPC: ICD-10-CM diagnosis coding"
    exams: [CPC]
    questions:
      - id: cpc-icd-001
        domain: cpc.icd10cm
        kind: application                # recall | application
        difficulty: 2
        stem: ...
        choices: [E11.9, E11.65, E10.9, R73.9]
        answer: B
        accept: [hyperglycemia code]     # optional
        explanation: ...
        source: ...

* ``validate_banks(directory) -> list[Problem]``: every problem in every bank (empty = valid).
* ``load_banks(directory) -> QuizLibrary``: raises ``ContentError`` listing the problems.

Each field is checked by its own small function, which records its problems on the file's
:class:`Checker` and returns the usable value; a question or bank with any problem is left
out (and then loading fails anyway, naming every problem).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.core.content.checks import Checker, is_text, whole_number
from bot.core.content.problems import ContentError, Problem, describe_value, display_path

from .domains import DOMAINS, EXAMS, KINDS
from .library import LETTERS, Bank, Question, QuizLibrary

MIN_CHOICES = 2
MAX_CHOICES = 5
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # looser about dashes than knowledge ids, as it always was
MAX_ID_LENGTH = 64  # question ids travel inside Discord custom_ids (100 chars max)

BANK_KEYS = {"id", "title", "exams", "questions"}
QUESTION_REQUIRED = (
    "id",
    "domain",
    "kind",
    "difficulty",
    "stem",
    "choices",
    "answer",
    "explanation",
    "source",
)
QUESTION_KEYS = set(QUESTION_REQUIRED) | {"accept"}


def _as_text(value: Any) -> str | None:
    """A choice or accepted answer as stripped text; a bare number (a code such as 99213) counts."""
    if whole_number(value):
        value = str(value)
    return value.strip() if is_text(value) else None


# --------------------------------------------------------------------------- questions


def _question_id(ck: Checker, raw: dict[Any, Any], index: int, bank_id: str) -> tuple[str | None, str]:
    """The question's id (None when missing) and the entry name its problems are filed under."""
    qid = raw.get("id")
    if not is_text(qid):
        ck.add(bank_id, f"question #{index + 1}: missing or empty 'id'")
        return None, f"{bank_id} question #{index + 1}"
    qid = qid.strip()
    if not ID_RE.match(qid) or len(qid) > MAX_ID_LENGTH:
        ck.add(qid, f"question id must be lowercase a-z, 0-9 and '-' (at most {MAX_ID_LENGTH} characters)")
    return qid, qid


def _check_keys(ck: Checker, raw: dict[Any, Any], entry: str) -> None:
    for key in sorted(set(raw) - QUESTION_KEYS, key=str):
        ck.add(entry, f"unknown key {key!r} (allowed: {', '.join(sorted(QUESTION_KEYS))})")
    for key in QUESTION_REQUIRED:
        if key != "id" and raw.get(key) is None:  # a missing id is reported by _question_id
            ck.add(entry, f"missing '{key}'")


def _domain(ck: Checker, value: Any, entry: str) -> str:
    if value is None:
        return ""  # reported as missing
    if not isinstance(value, str):
        ck.add(entry, f"'domain' must be text, got {describe_value(value)}")
    elif value.strip() not in DOMAINS:
        ck.add(entry, f"unknown domain {value!r} (see bot/core/banks/domains.py)")
    return value.strip() if isinstance(value, str) else ""


def _kind(ck: Checker, value: Any, entry: str) -> str:
    if value is None:
        return ""  # reported as missing
    if not isinstance(value, str) or value.strip() not in KINDS:
        ck.add(entry, f"'kind' must be one of {', '.join(KINDS)}, got {value!r}")
        return ""
    return value.strip()


def _difficulty(ck: Checker, value: Any, entry: str) -> int:
    if value is None:
        return 0  # reported as missing
    if not whole_number(value):
        ck.add(entry, f"'difficulty' must be a whole number 1-3, got {describe_value(value)}")
        return 0
    if not 1 <= value <= 3:
        ck.add(entry, f"'difficulty' must be 1, 2 or 3, got {value}")
    return value


def _text(ck: Checker, raw: dict[Any, Any], key: str, entry: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""  # reported as missing
    if not isinstance(value, str):
        ck.add(entry, f"'{key}' must be text, got {describe_value(value)}")
        return ""
    if not value.strip():
        ck.add(entry, f"'{key}' is empty")
    return value.strip()


def _choices(ck: Checker, value: Any, entry: str) -> tuple[str, ...]:
    if value is None:
        return ()  # reported as missing
    if not isinstance(value, list):
        ck.add(entry, f"'choices' must be a list, got {describe_value(value)}")
        return ()
    if not MIN_CHOICES <= len(value) <= MAX_CHOICES:
        ck.add(entry, f"'choices' must have {MIN_CHOICES} to {MAX_CHOICES} entries, got {len(value)}")
    choices: list[str] = []
    for n, item in enumerate(value):
        text = _as_text(item)
        if text is None:
            label = LETTERS[n] if n < len(LETTERS) else n + 1
            got = "empty text" if isinstance(item, str) else describe_value(item)
            ck.add(entry, f"choice {label} must be non-empty text, got {got} (quote it)")
        else:
            choices.append(text)
    if len({c.casefold() for c in choices}) != len(choices):
        ck.add(entry, "two choices are the same")
    return tuple(choices)


def _answer(ck: Checker, value: Any, choices: Any, entry: str) -> int:
    """The 0-based index of the answer letter (-1 when unusable)."""
    if value is None:
        return -1  # reported as missing
    if not isinstance(value, str) or len(value.strip()) != 1 or value.strip().upper() not in LETTERS:
        ck.add(entry, f"'answer' must be one letter A-E, got {value!r}")
        return -1
    letter = value.strip().upper()
    index = LETTERS.index(letter)
    if isinstance(choices, list) and index >= len(choices):
        last = LETTERS[max(len(choices), 1) - 1]
        ck.add(entry, f"'answer' {letter} is out of range: there are only {len(choices)} choices (A-{last})")
    return index


def _accept(ck: Checker, value: Any, entry: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        ck.add(entry, f"'accept' must be a list of text, got {describe_value(value)}")
        return ()
    accept: list[str] = []
    for item in value:
        text = _as_text(item)
        if text is None:
            ck.add(entry, f"'accept' entries must be non-empty text, got {item!r}")
        else:
            accept.append(text)
    return tuple(accept)


def _question(ck: Checker, raw: Any, index: int, bank_id: str, exams: tuple[str, ...]) -> Question | None:
    if not isinstance(raw, dict):
        ck.add(bank_id, f"question #{index + 1} must be a mapping, got {describe_value(raw)}")
        return None
    before = len(ck.problems)
    qid, entry = _question_id(ck, raw, index, bank_id)
    _check_keys(ck, raw, entry)
    domain = _domain(ck, raw.get("domain"), entry)
    kind = _kind(ck, raw.get("kind"), entry)
    difficulty = _difficulty(ck, raw.get("difficulty"), entry)
    stem, explanation, source = (_text(ck, raw, key, entry) for key in ("stem", "explanation", "source"))
    choices = _choices(ck, raw.get("choices"), entry)
    answer = _answer(ck, raw.get("answer"), raw.get("choices"), entry)
    accept = _accept(ck, raw.get("accept"), entry)
    if qid is None or len(ck.problems) > before:
        return None
    return Question(
        id=qid,
        bank_id=bank_id,
        exams=exams,
        domain=domain,
        kind=kind,
        difficulty=difficulty,
        stem=stem,
        choices=choices,
        answer=answer,
        explanation=explanation,
        source=source,
        accept=accept,
    )


# --------------------------------------------------------------------------- banks


def _bank_id(ck: Checker, value: Any) -> str:
    if not is_text(value):
        ck.add(None, "missing or empty bank 'id'")
        return Path(ck.file).stem
    bank_id = value.strip()
    if not ID_RE.match(bank_id) or len(bank_id) > MAX_ID_LENGTH:
        ck.add(bank_id, "bank id must be lowercase a-z, 0-9 and '-'")
    return bank_id


def _title(ck: Checker, value: Any, bank_id: str) -> str:
    if is_text(value):
        return value.strip()
    if isinstance(value, (int, float, list, dict)):
        ck.add(bank_id, f"'title' must be text, got {describe_value(value)}")
    else:
        ck.add(bank_id, "missing or empty 'title'")
    return ""


def _exams(ck: Checker, value: Any, bank_id: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        ck.add(bank_id, f"'exams' must be a non-empty list of {' '.join(EXAMS)}")
        return ()
    exams: list[str] = []
    for exam in value:
        if isinstance(exam, str) and exam.strip().upper() in EXAMS:
            exams.append(exam.strip().upper())
        else:
            ck.add(bank_id, f"unknown exam {exam!r} (one of {' '.join(EXAMS)})")
    return tuple(dict.fromkeys(exams))


def _bank(ck: Checker, data: Any) -> Bank | None:
    if not isinstance(data, dict):
        ck.add(None, f"a bank must be a mapping with keys {sorted(BANK_KEYS)}, got {describe_value(data)}")
        return None
    before = len(ck.problems)
    bank_id = _bank_id(ck, data.get("id"))
    for key in sorted(set(data) - BANK_KEYS, key=str):
        ck.add(bank_id, f"unknown key {key!r} (allowed: {', '.join(sorted(BANK_KEYS))})")
    title = _title(ck, data.get("title"), bank_id)
    exams = _exams(ck, data.get("exams"), bank_id)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        ck.add(bank_id, "'questions' must be a non-empty list")
        raw_questions = raw_questions if isinstance(raw_questions, list) else []
    questions = [_question(ck, raw, i, bank_id, exams) for i, raw in enumerate(raw_questions)]
    if len(ck.problems) > before:
        return None
    return Bank(bank_id, title, exams, tuple(q for q in questions if q is not None), ck.file)


# --------------------------------------------------------------------------- files


def _claim_ids(ck: Checker, data: Any, bank_files: dict[str, str], question_files: dict[str, str]) -> None:
    """Report bank and question ids used before. Checked on the raw data, so that duplicates
    are reported even when the bank or the question has other problems."""
    if not isinstance(data, dict):
        return
    if is_text(data.get("id")):
        bank_id = data["id"].strip()
        if bank_id in bank_files:
            ck.add(bank_id, f"duplicate bank id (also in {bank_files[bank_id]})")
        else:
            bank_files[bank_id] = ck.file
    questions = data.get("questions")
    for raw in questions if isinstance(questions, list) else []:
        if isinstance(raw, dict) and is_text(raw.get("id")):
            qid = raw["id"].strip()
            if qid not in question_files:
                question_files[qid] = ck.file
                continue
            first = question_files[qid]
            where = "earlier in this file" if first == ck.file else f"also in {first}"
            ck.add(qid, f"duplicate question id ({where})")


def _bank_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _load(directory: Path) -> tuple[QuizLibrary, list[Problem]]:
    if not directory.is_dir():
        return QuizLibrary(), [Problem(str(directory), None, "quiz directory not found")]
    problems: list[Problem] = []
    banks: list[Bank] = []
    bank_files: dict[str, str] = {}
    question_files: dict[str, str] = {}
    for path in _bank_files(directory):
        ck = Checker(display_path(path))
        ok, data = ck.read_yaml(path)
        if ok:
            _claim_ids(ck, data, bank_files, question_files)
            bank = _bank(ck, data)
            if bank is not None:
                banks.append(bank)
        problems += ck.problems
    return QuizLibrary.from_banks(banks), problems


def read_banks(directory: Path | str) -> tuple[QuizLibrary, list[Problem]]:
    """The banks without problems, and every problem found (in the others)."""
    return _load(Path(directory))


def validate_banks(directory: Path | str) -> list[Problem]:
    """Every problem found in ``directory/*.yaml`` (an empty list means the banks are valid)."""
    return _load(Path(directory))[1]


def load_banks(directory: Path | str) -> QuizLibrary:
    """Load every bank in ``directory``; raises ``ContentError`` (with all problems) if any."""
    library, problems = _load(Path(directory))
    if problems:
        raise ContentError(problems)
    return library
