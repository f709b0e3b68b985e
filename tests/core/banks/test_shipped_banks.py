"""Content checks over every quiz bank in ``quizzes/*.yaml``.

The banks are read with ``yaml.safe_load`` directly (not through the bot's loader) so these
tests check the data itself.  Each failure names the file and the question id, e.g.
``test_question_fields[certifications::cert-012]``.

Checks:
- bank structure: top-level keys, ``exams`` values, ``questions`` is a non-empty list;
- every question: allowed keys only; id (lowercase a-z0-9-), domain, difficulty 1-3,
  stem, 2-5 distinct choices, answer letter in range, explanation >= 40 chars, source;
- ids unique across all banks; domains exist in ``bot.core.banks.domains.DOMAINS``;
- counts: >= 40 ``certifications``, >= 400 total (the exam targets are in test_bank_targets.py);
- no exact duplicate stems anywhere, no near-duplicates within a domain
  (rapidfuzz ``fuzz.token_set_ratio`` >= 92 on lowercased stems, punctuation stripped);
- every dotted ICD-10-CM code (E11.65, S52.521A ...) in stem/choices/explanation exists in
  the FY2026 code set (simple_icd_10_cm);
- "used consistently": a correct choice made of ICD-10-CM codes shares a meaningful word
  with each code's official description (in the stem or explanation);
- no CPT descriptors: a 5-character CPT-looking code is never directly followed by a long
  quoted phrase.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process  # lowercases and strips punctuation

from bot.core.banks.domains import DOMAINS, EXAMS

ROOT = Path(__file__).resolve().parents[3]
QUIZ_DIR = ROOT / "quizzes"

BANK_KEYS = {"id", "title", "exams", "questions"}
REQUIRED_KEYS = {"id", "domain", "kind", "difficulty", "stem", "choices", "answer", "explanation", "source"}
OPTIONAL_KEYS = {"accept"}
LETTERS = "ABCDE"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

MIN_CERTIFICATIONS = 40
MIN_TOTAL = 400
NEAR_DUP_THRESHOLD = 92

# A dotted ICD-10-CM code: letter, digit, digit-or-letter, dot, 1-4 characters.
DOTTED_ICD_RE = re.compile(r"\b[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4}\b")
# A choice that is nothing but ICD-10-CM codes (a 3-character category or a dotted code),
# possibly several separated by commas, semicolons, "and", "+" or arrows.
ICD_TOKEN = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
CODE_ONLY_CHOICE_RE = re.compile(
    rf"^\s*{ICD_TOKEN}(?:(?:\s*(?:,|;|\+|->|→)\s*|\s+(?:and\s+|then\s+|followed by\s+)?){ICD_TOKEN})*\s*$"
)
# CPT-looking code (Category I: 5 digits; II/III: 4 digits + F/T), optionally followed by a
# short connector, then a quoted phrase of 25+ characters: that pattern is how a descriptor
# would be pasted in.
CPT_DESCRIPTOR_RE = re.compile(
    r"\b(\d{5}|\d{4}[FT])\b(\s*(?:[-–—:=(,]|\bis\b|\bmeans\b|\breads\b|\bfor\b)?\s*)"
    r"([\"“'‘])([^\"”'’]{25,})[\"”'’]"
)

# Words too generic to show that an explanation matches a code's meaning.
STOPWORDS = {
    # English
    "about",
    "above",
    "after",
    "again",
    "against",
    "among",
    "being",
    "below",
    "between",
    "because",
    "before",
    "could",
    "does",
    "during",
    "each",
    "either",
    "every",
    "first",
    "from",
    "further",
    "other",
    "others",
    "their",
    "there",
    "these",
    "those",
    "through",
    "under",
    "until",
    "where",
    "which",
    "while",
    "without",
    "would",
    "should",
    "another",
    "since",
    "still",
    "whose",
    "within",
    "instead",
    "rather",
    "often",
    "always",
    "never",
    "right",
    "cannot",
    "based",
    "using",
    "select",
    "assign",
    "reported",
    "report",
    "coded",
    "codes",
    "coding",
    "choice",
    "answer",
    "correct",
    "patient",
    "patients",
    "documented",
    # generic ICD-10-CM description words
    "unspecified",
    "specified",
    "classified",
    "elsewhere",
    "mention",
    "encounter",
    "initial",
    "subsequent",
    "sequela",
    "routine",
    "delayed",
    "healing",
    "condition",
    "conditions",
    "disease",
    "diseases",
    "disorder",
    "disorders",
    "status",
    "personal",
    "history",
    "family",
    "except",
    "involving",
    "including",
    "affecting",
    "associated",
    "unilateral",
    "bilateral",
    "single",
    "multiple",
    "region",
    "level",
    "stage",
    "type",
    "closed",
    "displaced",
    "nondisplaced",
}


def _load_banks() -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    banks: list[tuple[str, dict]] = []
    errors: list[tuple[str, str]] = []
    for path in sorted(QUIZ_DIR.glob("*.yaml")):
        try:
            with path.open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except yaml.YAMLError as exc:  # reported by test_bank_parses
            errors.append((path.name, str(exc)))
            continue
        if not isinstance(data, dict):
            errors.append((path.name, f"top level is {type(data).__name__}, not a mapping"))
            continue
        banks.append((path.name, data))
    return banks, errors


BANKS, LOAD_ERRORS = _load_banks()


def _questions() -> list[tuple[str, dict]]:
    out = []
    for fname, data in BANKS:
        qs = data.get("questions")
        if isinstance(qs, list):
            out.extend((fname, q) for q in qs if isinstance(q, dict))
    return out


QUESTIONS = _questions()


def _qid(fname: str, q: dict, index: int | None = None) -> str:
    qid = q.get("id") if isinstance(q.get("id"), str) else f"#{index}"
    return f"{Path(fname).stem}::{qid}"


def _params(items=None):
    items = QUESTIONS if items is None else items
    return [pytest.param(fname, q, id=_qid(fname, q, i)) for i, (fname, q) in enumerate(items)]


def _text_fields(q: dict) -> list[str]:
    choices = q.get("choices") if isinstance(q.get("choices"), list) else []
    return [str(q.get("stem", "")), *map(str, choices), str(q.get("explanation", ""))]


def _correct_choice(q: dict) -> str | None:
    choices, answer = q.get("choices"), q.get("answer")
    if not isinstance(choices, list) or not isinstance(answer, str) or len(answer) != 1:
        return None
    idx = LETTERS.find(answer)
    if idx < 0 or idx >= len(choices):
        return None
    return str(choices[idx])


# --- files ------------------------------------------------------------------------------


def test_quiz_dir_has_banks():
    assert QUIZ_DIR.is_dir() and list(QUIZ_DIR.glob("*.yaml")), f"no banks in {QUIZ_DIR}"


@pytest.mark.parametrize(
    "fname,error", LOAD_ERRORS or [pytest.param("-", "", marks=pytest.mark.skip("all banks parse"))]
)
def test_bank_parses(fname, error):
    pytest.fail(f"{fname}: cannot be loaded: {error}")


@pytest.mark.parametrize("fname,data", [pytest.param(f, d, id=Path(f).stem) for f, d in BANKS])
def test_bank_structure(fname, data):
    problems = []
    extra = set(data) - BANK_KEYS
    missing = BANK_KEYS - set(data)
    if extra:
        problems.append(f"unknown top-level keys {sorted(extra)}")
    if missing:
        problems.append(f"missing top-level keys {sorted(missing)}")
    if not (isinstance(data.get("id"), str) and ID_RE.match(data["id"])):
        problems.append(f"bank id {data.get('id')!r} is not a-z0-9-")
    if not (isinstance(data.get("title"), str) and data["title"].strip()):
        problems.append("title missing or empty")
    exams = data.get("exams")
    if not (isinstance(exams, list) and exams and all(e in EXAMS for e in exams)):
        problems.append(f"exams {exams!r} must be a non-empty list drawn from {list(EXAMS)}")
    qs = data.get("questions")
    if not (isinstance(qs, list) and qs):
        problems.append("questions must be a non-empty list")
    elif not all(isinstance(q, dict) for q in qs):
        problems.append("every question must be a mapping")
    assert not problems, f"{fname}: " + "; ".join(problems)


def test_bank_ids_unique():
    counts = Counter(d.get("id") for _, d in BANKS)
    dups = {k: v for k, v in counts.items() if v > 1}
    assert not dups, f"bank ids used more than once: {dups}"


# --- each question ----------------------------------------------------------------------


@pytest.mark.parametrize("fname,q", _params())
def test_question_fields(fname, q):
    where = _qid(fname, q)
    problems = []
    keys = set(q)
    if keys - REQUIRED_KEYS - OPTIONAL_KEYS:
        problems.append(f"unknown keys {sorted(keys - REQUIRED_KEYS - OPTIONAL_KEYS)}")
    if REQUIRED_KEYS - keys:
        problems.append(f"missing keys {sorted(REQUIRED_KEYS - keys)}")

    qid = q.get("id")
    if not (isinstance(qid, str) and ID_RE.match(qid)):
        problems.append(f"id {qid!r} must be a lowercase a-z0-9- string")
    if not isinstance(q.get("domain"), str):
        problems.append("domain must be a string")
    diff = q.get("difficulty")
    if not (isinstance(diff, int) and not isinstance(diff, bool) and 1 <= diff <= 3):
        problems.append(f"difficulty {diff!r} must be an integer 1-3")
    stem = q.get("stem")
    if not (isinstance(stem, str) and stem.strip()):
        problems.append("stem must be a non-empty string")

    choices = q.get("choices")
    if not (isinstance(choices, list) and 2 <= len(choices) <= 5):
        problems.append(f"choices must be a list of 2-5 items (got {choices!r})")
    elif not all(isinstance(c, str) and c.strip() for c in choices):
        problems.append("every choice must be a non-empty string (quote numbers in YAML)")

    answer = q.get("answer")
    n = len(choices) if isinstance(choices, list) else 0
    if not (isinstance(answer, str) and len(answer) == 1 and answer in LETTERS[:n]):
        problems.append(f"answer {answer!r} must be one letter in {LETTERS[:n] or '(no choices)'}")

    expl = q.get("explanation")
    if not (isinstance(expl, str) and len(expl.strip()) >= 40):
        problems.append("explanation must be a string of at least 40 characters")
    src = q.get("source")
    if not (isinstance(src, str) and src.strip()):
        problems.append("source must be a non-empty string")

    accept = q.get("accept")
    if accept is not None and not (
        isinstance(accept, list) and all(isinstance(a, str) and a.strip() for a in accept)
    ):
        problems.append("accept must be a list of non-empty strings")

    assert not problems, f"{where}: " + "; ".join(problems)


@pytest.mark.parametrize("fname,q", _params())
def test_domain_is_known(fname, q):
    assert q.get("domain") in DOMAINS, (
        f"{_qid(fname, q)}: unknown domain {q.get('domain')!r}; see bot/core/banks/domains.py"
    )


@pytest.mark.parametrize("fname,q", _params())
def test_no_duplicate_choices(fname, q):
    choices = q.get("choices")
    if not isinstance(choices, list):
        pytest.skip("choices malformed (reported by test_question_fields)")
    norm = [" ".join(str(c).lower().split()) for c in choices]
    dups = [c for c, k in Counter(norm).items() if k > 1]
    assert not dups, f"{_qid(fname, q)}: duplicate choices {dups}"


def test_question_ids_unique_across_banks():
    seen: dict[str, list[str]] = defaultdict(list)
    for fname, q in QUESTIONS:
        seen[str(q.get("id"))].append(fname)
    dups = {k: v for k, v in seen.items() if len(v) > 1}
    assert not dups, f"question ids used more than once: {dups}"


# --- counts -----------------------------------------------------------------------------

DOMAIN_COUNTS = Counter(q.get("domain") for _, q in QUESTIONS)


def test_certifications_count():
    have = DOMAIN_COUNTS.get("certifications", 0)
    assert have >= MIN_CERTIFICATIONS, f"certifications: {have} questions, need {MIN_CERTIFICATIONS}"


def test_total_count():
    assert len(QUESTIONS) >= MIN_TOTAL, f"{len(QUESTIONS)} questions in total, need {MIN_TOTAL}"


# --- duplicate stems --------------------------------------------------------------------


def _norm_stem(s) -> str:
    return " ".join(str(s).lower().split())


def test_no_exact_duplicate_stems():
    seen: dict[str, list[str]] = defaultdict(list)
    for fname, q in QUESTIONS:
        seen[_norm_stem(q.get("stem", ""))].append(_qid(fname, q))
    dups = [ids for ids in seen.values() if len(ids) > 1]
    assert not dups, "identical stems: " + "; ".join(" = ".join(ids) for ids in dups)


@pytest.mark.parametrize("domain", sorted(DOMAIN_COUNTS, key=str))
def test_no_near_duplicate_stems(domain):
    items = [(_qid(f, q), _norm_stem(q.get("stem", ""))) for f, q in QUESTIONS if q.get("domain") == domain]
    pairs = []
    for (id_a, a), (id_b, b) in combinations(items, 2):
        score = fuzz.token_set_ratio(a, b, processor=default_process)
        if score >= NEAR_DUP_THRESHOLD:
            pairs.append(f"{id_a} ~ {id_b} ({score:.0f})")
    assert not pairs, (
        f"{domain}: near-duplicate stems (token_set_ratio >= {NEAR_DUP_THRESHOLD}):\n  " + "\n  ".join(pairs)
    )


# --- ICD-10-CM codes --------------------------------------------------------------------


@pytest.fixture(scope="module")
def cm():
    # A test dependency (pyproject [test]): missing, the test must fail, not skip.
    import simple_icd_10_cm

    return simple_icd_10_cm


@pytest.mark.parametrize("fname,q", _params())
def test_icd10cm_codes_exist(fname, q, cm):
    codes = sorted({c for text in _text_fields(q) for c in DOTTED_ICD_RE.findall(text)})
    bad = [c for c in codes if not cm.is_valid_item(c)]
    assert not bad, f"{_qid(fname, q)}: not in the FY2026 ICD-10-CM code set: {bad}"


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 5 and w not in STOPWORDS}


def _shares_word(desc_words: set[str], text_words: set[str]) -> bool:
    # Equal words, or a shared 6-letter start (diabetes/diabetic, fracture/fractured).
    for d in desc_words:
        for t in text_words:
            if d == t or (len(d) >= 6 and len(t) >= 6 and d[:6] == t[:6]):
                return True
    return False


def _keyed_icd_params():
    out = []
    for i, (fname, q) in enumerate(QUESTIONS):
        key = _correct_choice(q)
        if key and CODE_ONLY_CHOICE_RE.match(key):
            out.append(pytest.param(fname, q, id=_qid(fname, q, i)))
    return out or [pytest.param(None, None, marks=pytest.mark.skip("no question keys an ICD-10-CM code"))]


def _abbreviations(desc: str) -> set[str]:
    """What a note abbreviates the description to: a bracketed "[HIV]", or its initials
    ("End stage renal disease" -> ESRD, "Chronic obstructive pulmonary disease" -> COPD)."""
    found = set(re.findall(r"\[([A-Z]{2,6})\]", desc))
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", desc.split(",", maxsplit=1)[0]) if len(w) > 2)
    if 3 <= len(initials) <= 6:
        found.add(initials.upper())
    return found


@pytest.mark.parametrize("fname,q", _keyed_icd_params())
def test_icd10cm_key_matches_description(fname, q, cm):
    key = _correct_choice(q)
    text = f"{q.get('stem', '')} {q.get('explanation', '')}"
    context = _words(text)
    capitals = set(re.findall(r"\b[A-Z]{2,6}\b", text))
    problems = []
    for code in re.findall(ICD_TOKEN, key):
        if not cm.is_valid_item(code):
            continue  # not an ICD-10-CM code (or invalid: reported by test_icd10cm_codes_exist)
        desc = cm.get_description(code)
        desc_words = _words(desc)
        if _abbreviations(desc) & capitals:
            continue
        if desc_words and not _shares_word(desc_words, context):
            problems.append(f"{code} ({desc!r})")
    assert not problems, (
        f"{_qid(fname, q)}: keyed code(s) share no meaningful word with the stem or explanation: "
        + "; ".join(problems)
    )


# --- CPT copyright ----------------------------------------------------------------------


@pytest.mark.parametrize("fname,q", _params())
def test_no_cpt_descriptors(fname, q):
    hits = []
    for text in [*_text_fields(q), str(q.get("source", ""))]:
        for m in CPT_DESCRIPTOR_RE.finditer(text):
            if m.group(3) == "'" and not m.group(2):
                continue  # possessive such as 99214's, not a quotation
            hits.append(f'{m.group(1)} "{m.group(4)[:40]}..."')
    assert not hits, f"{_qid(fname, q)}: CPT code followed by a quoted descriptor: {hits}"
