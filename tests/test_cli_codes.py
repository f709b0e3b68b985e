"""``python -m bot codes build|info`` and code questions through ``python -m bot ask``."""

from __future__ import annotations

import json

from tests.test_cli import run


def test_build_info_and_ask(tmp_path):
    env = {"CERTCOACH_CODES_CACHE": str(tmp_path / "cache")}
    built = run("codes", "build", env=env)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"built {tmp_path / 'cache'}/icd10cm-")
    info = run("codes", "info", env=env)
    assert info.returncode == 0, info.stderr
    assert "code set: ICD-10-CM FY2026 (CDC tabular, April 1, 2026 update" in info.stdout
    assert "reportable codes: 74,719" in info.stdout
    answer = run("ask", "--json", "-", stdin="is R10.1 billable?\n", env=env)
    record = json.loads(answer.stdout)
    assert record["kind"] == "code" and record["matched"]
    assert record["answer"].startswith("R10.1: Pain localized to upper abdomen")
    assert "No: R10.1 is a header" in record["answer"]
