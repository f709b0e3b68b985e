"""Question-bank loading and validation (bot/core/banks/loader.py) and the library it builds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.banks.library import QuizLibrary
from bot.core.banks.loader import load_banks, validate_banks
from bot.core.content.problems import ContentError


def question(qid: str = "cpc-icd-001", **over) -> dict:
    q = {
        "id": qid,
        "domain": "cpc.icd10cm",
        "kind": "application",
        "difficulty": 2,
        "stem": "A patient with type 2 diabetes and hyperglycemia. Which code?",
        "choices": ["E11.9", "E11.65", "E10.9", "R73.9"],
        "answer": "B",
        "accept": ["hyperglycemia code"],
        "explanation": "E11.65 is the combination code.",
        "source": "ICD-10-CM Official Guidelines FY2026, I.C.4.a",
    }
    q.update(over)
    return {k: v for k, v in q.items() if v is not _DROP}


_DROP = object()


def bank(bid: str = "cpc-icd10cm", questions=None, **over) -> dict:
    b = {"id": bid, "title": "CPC: ICD-10-CM", "exams": ["CPC"], "questions": questions or [question()]}
    b.update(over)
    return {k: v for k, v in b.items() if v is not _DROP}


def write(dir_: Path, name: str, data) -> Path:
    path = dir_ / name
    path.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8"
    )
    return path


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def only_problem(tmp_path: Path, data, name="bank.yaml") -> str:
    """The one problem found, as printed, without the temporary directory."""
    write(tmp_path, name, data)
    problems = validate_banks(tmp_path)
    assert len(problems) == 1, messages(problems)
    return str(problems[0]).removeprefix(f"{tmp_path}/")


class TestValidBanks:
    def test_load_and_select(self, tmp_path):
        write(
            tmp_path,
            "a.yaml",
            bank(
                "cpc-icd10cm",
                [question("cpc-icd-001"), question("cpc-icd-002", domain="cpc.anatomy", answer="a")],
            ),
        )
        write(
            tmp_path,
            "b.yaml",
            bank("ccs-coding", [question("ccs-001", domain="ccs.coding")], exams=["CCS", "cca"]),
        )
        assert validate_banks(tmp_path) == []
        lib = load_banks(tmp_path)
        assert isinstance(lib, QuizLibrary) and len(lib) == 3
        q = lib.get("cpc-icd-002")
        assert q.answer == 0 and q.answer_letter == "A" and q.correct_choice == "E11.9"
        assert q.accept == ("hyperglycemia code",) and q.bank_id == "cpc-icd10cm" and q.exams == ("CPC",)
        assert lib.get("nope") is None
        assert {x.id for x in lib.select(exam="cpc")} == {"cpc-icd-001", "cpc-icd-002"}
        assert {x.id for x in lib.select(exam="CCA")} == {"ccs-001"}
        assert [x.id for x in lib.select(domain="cpc.anatomy")] == ["cpc-icd-002"]
        assert [x.id for x in lib.select(bank="ccs-coding")] == ["ccs-001"]
        assert lib.select(exam="CCS", domain="cpc.anatomy") == []
        assert len(lib.select()) == 3
        overview = {b.id: b for b in lib.overview()}
        assert overview["cpc-icd10cm"].count == 2
        assert overview["cpc-icd10cm"].domains == {"cpc.icd10cm": 1, "cpc.anatomy": 1}
        assert overview["ccs-coding"].exams == ("CCS", "CCA")

    def test_numeric_choices_are_text(self, tmp_path):
        write(tmp_path, "a.yaml", bank(questions=[question(choices=[99213, 99214, "99215"])]))
        assert validate_banks(tmp_path) == []
        assert load_banks(tmp_path).get("cpc-icd-001").choices == ("99213", "99214", "99215")

    def test_empty_directory_is_an_empty_library(self, tmp_path):
        assert validate_banks(tmp_path) == []
        assert len(load_banks(tmp_path)) == 0

    def test_missing_directory(self, tmp_path):
        assert messages(validate_banks(tmp_path / "nope")) == [
            f"{tmp_path / 'nope'}: quiz directory not found"
        ]

    def test_load_raises_content_error_with_all_problems(self, tmp_path):
        write(
            tmp_path, "a.yaml", bank(questions=[question(difficulty=9), question("cpc-icd-002", answer="Q")])
        )
        with pytest.raises(ContentError) as exc:
            load_banks(tmp_path)
        assert [(p.entry, p.message.split(",")[0]) for p in exc.value.problems] == [
            ("cpc-icd-001", "'difficulty' must be 1"),
            ("cpc-icd-002", "'answer' must be one letter A-E"),
        ]


class TestBrokenBanks:
    def test_yaml_syntax_error_names_line(self, tmp_path):
        text = "id: x\ntitle: t\nexams: [CPC\nquestions: []\n"
        msg = only_problem(tmp_path, text)
        assert "bank.yaml" in msg and "YAML syntax error at line" in msg

    def test_yaml_duplicate_key(self, tmp_path):
        text = yaml.safe_dump(bank(), sort_keys=False) + "title: again\n"
        msg = only_problem(tmp_path, text)
        assert "duplicate key 'title'" in msg and "line" in msg

    def test_not_a_mapping(self, tmp_path):
        assert only_problem(tmp_path, "- just\n- a list\n") == (
            "bank.yaml: a bank must be a mapping with keys ['exams', 'id', 'questions', 'title'], got a list"
        )

    def test_unknown_bank_key(self, tmp_path):
        assert only_problem(tmp_path, bank(author="me")) == (
            "bank.yaml: cpc-icd10cm: unknown key 'author' (allowed: exams, id, questions, title)"
        )

    def test_unknown_question_key(self, tmp_path):
        msg = only_problem(tmp_path, bank(questions=[question(hint="think")]))
        assert "cpc-icd-001: unknown key 'hint'" in msg

    @pytest.mark.parametrize(
        "field", ["domain", "difficulty", "stem", "choices", "answer", "explanation", "source"]
    )
    def test_missing_question_field(self, tmp_path, field):
        msg = only_problem(tmp_path, bank(questions=[question(**{field: _DROP})]))
        assert f"cpc-icd-001: missing '{field}'" in msg

    def test_missing_question_id(self, tmp_path):
        msg = only_problem(tmp_path, bank(questions=[question(id=_DROP)]))
        assert msg == "bank.yaml: cpc-icd10cm: question #1: missing or empty 'id'"

    @pytest.mark.parametrize(
        ("field", "expected"),
        [
            ("title", "missing or empty 'title'"),
            ("exams", "'exams' must be a non-empty list of CPC CCS CCA CIC CCS-P CRC COC CPC-P"),
            ("questions", "'questions' must be a non-empty list"),
        ],
    )
    def test_missing_bank_field(self, tmp_path, field, expected):
        assert only_problem(tmp_path, bank(**{field: _DROP})) == f"bank.yaml: cpc-icd10cm: {expected}"

    @pytest.mark.parametrize(
        "over,expected",
        [
            ({"difficulty": "hard"}, "'difficulty' must be a whole number 1-3, got text 'hard'"),
            ({"difficulty": True}, "'difficulty' must be a whole number 1-3, got True (true/false)"),
            ({"difficulty": 0}, "'difficulty' must be 1, 2 or 3, got 0"),
            ({"difficulty": 4}, "'difficulty' must be 1, 2 or 3, got 4"),
            ({"choices": "E11.9, E11.65"}, "'choices' must be a list, got text 'E11.9, E11.65'"),
            ({"choices": ["only one"], "answer": "A"}, "'choices' must have 2 to 5 entries, got 1"),
            ({"choices": list("abcdef"), "answer": "A"}, "'choices' must have 2 to 5 entries, got 6"),
            ({"choices": ["E11.9", ""]}, "choice B must be non-empty text, got empty text (quote it)"),
            ({"choices": ["E11.9", "e11.9"], "answer": "A"}, "two choices are the same"),
            ({"answer": "E"}, "'answer' E is out of range: there are only 4 choices (A-D)"),
            ({"answer": "Z"}, "'answer' must be one letter A-E, got 'Z'"),
            ({"answer": "AB"}, "'answer' must be one letter A-E, got 'AB'"),
            ({"answer": 2}, "'answer' must be one letter A-E, got 2"),
            ({"domain": "cpc.astrology"}, "unknown domain 'cpc.astrology' (see bot/core/banks/domains.py)"),
            ({"domain": 7}, "'domain' must be text, got the number 7"),
            ({"stem": 42}, "'stem' must be text, got the number 42"),
            ({"explanation": "   "}, "'explanation' is empty"),
            ({"source": ""}, "'source' is empty"),
            ({"accept": "one"}, "'accept' must be a list of text, got text 'one'"),
            ({"accept": [""]}, "'accept' entries must be non-empty text, got ''"),
        ],
    )
    def test_bad_question_fields(self, tmp_path, over, expected):
        msg = only_problem(tmp_path, bank(questions=[question(**over)]))
        assert msg == f"bank.yaml: cpc-icd-001: {expected}"

    def test_bad_question_id(self, tmp_path):
        msg = only_problem(tmp_path, bank(questions=[question(id="CPC 001")]))
        assert (
            msg
            == "bank.yaml: CPC 001: question id must be lowercase a-z, 0-9 and '-' (at most 64 characters)"
        )

    def test_unknown_exam(self, tmp_path):
        assert only_problem(tmp_path, bank(exams=["CPC", "CPA"])) == (
            "bank.yaml: cpc-icd10cm: unknown exam 'CPA' (one of CPC CCS CCA CIC CCS-P CRC COC CPC-P)"
        )

    def test_empty_exams(self, tmp_path):
        assert only_problem(tmp_path, bank(exams=[])) == (
            "bank.yaml: cpc-icd10cm: 'exams' must be a non-empty list of CPC CCS CCA CIC CCS-P CRC COC CPC-P"
        )

    def test_bad_bank_id(self, tmp_path):
        assert (
            only_problem(tmp_path, bank("CPC ICD"))
            == "bank.yaml: CPC ICD: bank id must be lowercase a-z, 0-9 and '-'"
        )

    def test_duplicate_question_ids_across_banks(self, tmp_path):
        write(tmp_path, "a.yaml", bank("bank-a", [question("q-1")]))
        write(tmp_path, "b.yaml", bank("bank-b", [question("q-2"), question("q-1")]))
        assert messages(validate_banks(tmp_path)) == [
            f"{tmp_path / 'b.yaml'}: q-1: duplicate question id (also in {tmp_path / 'a.yaml'})"
        ]

    def test_duplicate_question_ids_within_bank(self, tmp_path):
        msg = only_problem(tmp_path, bank(questions=[question("q-1"), question("q-1")]))
        assert "q-1: duplicate question id (earlier in this file)" in msg

    def test_duplicate_bank_ids(self, tmp_path):
        write(tmp_path, "a.yaml", bank("same", [question("q-1")]))
        write(tmp_path, "b.yml", bank("same", [question("q-2")]))
        assert messages(validate_banks(tmp_path)) == [
            f"{tmp_path / 'b.yml'}: same: duplicate bank id (also in {tmp_path / 'a.yaml'})"
        ]

    def test_every_problem_in_a_file_is_reported(self, tmp_path):
        qs = [
            question("q-1", difficulty=5),
            question("q-2", domain="nope"),
            question("q-3", answer="E"),
            question("q-4"),
        ]
        write(tmp_path, "bank.yaml", bank(questions=qs, extra=1))
        problems = validate_banks(tmp_path)
        entries = sorted(p.entry for p in problems)
        assert entries == ["cpc-icd10cm", "q-1", "q-2", "q-3"]

    def test_broken_file_does_not_hide_others(self, tmp_path):
        write(tmp_path, "a.yaml", "id: [unclosed\n")
        write(tmp_path, "b.yaml", bank(questions=[question(difficulty=7)]))
        write(tmp_path, "c.yaml", bank("fine", [question("ok-1")]))
        files = sorted(Path(p.file).name for p in validate_banks(tmp_path))
        assert files == ["a.yaml", "b.yaml"]

    def test_non_yaml_files_ignored(self, tmp_path):
        (tmp_path / "README.md").write_text("# not a bank")
        write(tmp_path, "a.yaml", bank())
        assert validate_banks(tmp_path) == []
