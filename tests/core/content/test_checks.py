"""The shared content checker: problems are collected per file, every field is checked."""

from __future__ import annotations

from pathlib import Path

from bot.core.content.checks import Checker, Field, is_text, whole_number

FIELDS = {"id": Field(str, required=True), "count": Field(int), "tags": Field(list)}


def messages(ck: Checker) -> list[str]:
    return [str(p) for p in ck.problems]


def test_value_tests():
    assert is_text(" x ") and not is_text("  ") and not is_text(3)
    assert whole_number(3) and not whole_number(True) and not whole_number(2.0)


def test_a_good_mapping_has_no_problems():
    ck = Checker("f.yaml")
    assert ck.mapping({"id": "a", "count": 2, "tags": []}, FIELDS, "a")
    assert ck.problems == []


def test_every_problem_of_a_mapping_is_reported():
    ck = Checker("f.yaml")
    assert not ck.mapping({"colour": 1, "count": True, "id": " "}, FIELDS, "a", "where")
    assert messages(ck) == [
        "f.yaml: a: where: unknown key 'colour' (allowed: id, count, tags)",
        "f.yaml: a: where: field 'id' is empty",
        "f.yaml: a: where: field 'count' should be a number, got True (true/false)",
    ]


def test_not_a_mapping():
    ck = Checker("f.yaml")
    assert not ck.mapping(["x"], FIELDS, None)
    assert messages(ck) == ["f.yaml: expected a mapping, got a list"]


def test_texts_and_length():
    ck = Checker("f.yaml")
    assert ck.texts([" a ", "", 3], "e", "tags", min_items=3) == ("a",)
    ck.length("abcd", 3, "e", "text")
    assert messages(ck) == [
        "f.yaml: e: tags[1] should be non-empty text, got text ''",
        "f.yaml: e: tags[2] should be non-empty text, got the number 3",
        "f.yaml: e: tags needs at least 3 item(s), has 1",
        "f.yaml: e: text is 4 characters; the limit is 3",
    ]


def test_read_yaml_records_a_syntax_error(tmp_path: Path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("a: 1\n")
    bad.write_text("a: [1\n")
    ck = Checker("bad.yaml")
    assert ck.read_yaml(good) == (True, {"a": 1})
    assert ck.read_yaml(bad) == (False, None)
    assert len(ck.problems) == 1 and ck.problems[0].message.startswith("YAML syntax error at line")
