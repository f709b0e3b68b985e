"""The knowledge loader: every shipped file loads; each kind of broken file gives a precise message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.core.content.problems import ContentError, report_lines
from bot.core.knowledge.loader import load_knowledge, validate_knowledge
from bot.core.knowledge.model import FACETS

KNOWLEDGE_DIR = Path(__file__).resolve().parents[3] / "knowledge"

SOURCES = """\
kind: sources
entries:
  - id: guide
    title: The guide
    date: n.d.
"""

FACTS = "\n".join(f"      {facet}:\n        text: {facet} text\n        sources: [guide]" for facet in FACETS)

CREDENTIAL = f"""\
kind: credentials
entries:
  - id: cpc
    abbr: CPC
    name: Certified Professional Coder
    body: AAPC
    aliases: [professional coder]
    summary: The outpatient credential.
    facts:
{FACTS}
    sources: [guide]
"""

TOPIC = """\
kind: topics
entries:
  - id: study-tips
    title: Study tips
    keywords: [study, cram]
    questions: [how should I study, any study tips]
    text: Study for 8 to 13 weeks.
    sources: [guide]
"""


def write(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def problems_of(directory: Path) -> list[str]:
    """Problems as printed, with the directory prefix (the tmp dir's name) removed."""
    _, problems = validate_knowledge(directory)
    return [str(p).removeprefix(f"{directory.name}/") for p in problems]


def test_shipped_knowledge_is_valid():
    kb, problems = validate_knowledge(KNOWLEDGE_DIR)
    assert problems == []
    core = {"cpc", "ccs", "cca", "cic", "ccs-p", "crc", "coc", "cpc-p"}
    assert core <= set(kb.credentials)
    assert len(kb.specialty_credentials()) == 22
    for cred_id in core:
        assert set(kb.credentials[cred_id].facts) == set(FACETS), cred_id


NEIGHBOURS = {"cpb", "cpma", "cpco", "cdip", "ccds", "rhit", "rhia", "chda"}


def test_shipped_neighbour_credentials_stay_out_of_ours(kb):
    assert {c.id for c in kb.neighbour_credentials()} == NEIGHBOURS
    ours = {c.id for c in kb.core_credentials() + kb.specialty_credentials()}
    assert not ours & NEIGHBOURS
    assert len(kb.core_credentials()) == 8 and len(kb.specialty_credentials()) == 22
    assert kb.credentials["ccds"].body == "ACDIS"
    for cred_id in NEIGHBOURS:
        cred = kb.credentials[cred_id]
        assert not cred.specialty and cred.group == "neighbour"
        assert len(cred.questions) >= 15, cred_id  # router training material


NEIGHBOUR = """\
kind: credentials
entries:
  - id: ccds
    abbr: CCDS
    name: Certified Clinical Documentation Specialist
    body: ACDIS
    group: neighbour
    summary: The CDI credential.
    questions: [what is the ccds, who offers the ccds]
    sources: [guide]
"""


def test_a_neighbour_needs_no_facts_and_loads_apart(tmp_path):
    kb = load_knowledge(write(tmp_path, sources=SOURCES, creds=CREDENTIAL, more=NEIGHBOUR, topics=TOPIC))
    ccds = kb.credentials["ccds"]
    assert (ccds.group, ccds.body, ccds.facts, ccds.questions[1]) == (
        "neighbour",
        "ACDIS",
        {},
        "who offers the ccds",
    )
    assert [c.id for c in kb.core_credentials()] == ["cpc"]
    assert kb.specialty_credentials() == [] and kb.neighbour_credentials() == [ccds]
    assert kb.credentials["cpc"].group == "core" and kb.credentials["cpc"].questions == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("group: neighbour", "group: cousin"),
            "group must be one of core, specialty, neighbour, got 'cousin'",
        ),
        (("group: neighbour", "group: neighbour\n    specialty: true"), "specialty: true contradicts group"),
        (("group: neighbour", "group: core"), "missing required fact(s): settings, duties"),
    ],
    ids=["unknown-group", "contradiction", "core-needs-facts"],
)
def test_credential_group_problems(tmp_path, change, expected):
    neighbour = NEIGHBOUR.replace(*change)
    found = problems_of(write(tmp_path, sources=SOURCES, creds=CREDENTIAL, more=neighbour, topics=TOPIC))
    assert any(p.startswith(f"more.yaml: ccds: {expected}") for p in found), found


def test_the_specialty_flag_still_means_the_specialty_group(tmp_path):
    specialty = NEIGHBOUR.replace("group: neighbour", "specialty: true").replace("body: ACDIS", "body: AAPC")
    kb = load_knowledge(write(tmp_path, sources=SOURCES, creds=CREDENTIAL, more=specialty, topics=TOPIC))
    assert kb.credentials["ccds"].specialty and kb.specialty_credentials() == [kb.credentials["ccds"]]


def test_shipped_topics_cover_the_guide(kb):
    for topic_id in (
        "why-certify",
        "choosing-a-certification",
        "path-outpatient",
        "path-inpatient",
        "path-payer",
        "path-risk-adjustment",
        "education-paths",
        "diploma-program",
        "associate-degree",
        "bachelors-degree",
        "study-tips",
        "practice-exams",
        "memory-techniques",
        "study-buddy",
        "exam-day",
        "exam-timing",
        "maintaining-certification",
        "ceu-requirements",
    ):
        assert topic_id in kb.topics, topic_id
    text = " ".join(t.text + " ".join(s.text for s in t.sections) for t in kb.topics.values())
    for figure in (
        "18,000",
        "$7,000",
        "$46,899",
        "25%",
        "12%",
        "8",
        "13 weeks",
        "20",
        "50 minutes",
        "$1,000",
        "$3,000",
        "$3,435",
        "$9,410",
        "$32,000",
        "15",
        "18 minutes",
        "On Old Olympus",
    ):
        assert figure in text, figure


def test_changed_facts_keep_the_guide_figure_and_the_current_one(kb):
    recert = kb.credentials["ccs"].facts["recertification"]
    assert "self-review" in recert.text and "annually" in recert.text  # the guide's claim
    assert recert.update is not None and recert.update.confirm == "AHIMA"
    assert "20 CEUs per 2-year cycle" in recert.update.current  # the current rule
    dues = kb.credentials["cpc"].facts["cost"]
    assert "$80" in dues.text and "$150" in dues.text
    assert dues.update and "$190" in dues.update.current


def test_rules_from_the_2026_fact_check_stay_scoped_to_their_source(kb):
    """Issue 14's fact-check: one credential's rule is not stretched to another."""
    ccs_p_exam = kb.credentials["ccs-p"].facts["exam"].update
    assert ccs_p_exam and "90 days" in ccs_p_exam.current  # 30 days is the CCA's and CCS's wait
    cca_exam = kb.credentials["cca"].facts["exam"].update
    assert cca_exam and "1 May" in cca_exam.current  # not "current-year books"
    assert "16" in kb.credentials["circc"].facts["recertification"].text  # not the general 8
    for cred in ("cic", "coc"):  # AAPC's names end in "Coder"; "Coding" is the guide's
        assert kb.credentials[cred].name.endswith("Coder")
    for cred in kb.credentials.values():
        for fact in cred.facts.values():
            assert "current-year code books" not in fact.text


def test_minimal_valid_tree_loads(tmp_path):
    kb = load_knowledge(write(tmp_path, sources=SOURCES, creds=CREDENTIAL, topics=TOPIC))
    assert kb.credentials["cpc"].abbr == "CPC"
    assert kb.topics["study-tips"].questions[0] == "how should I study"


@pytest.mark.parametrize(
    ("creds", "expected"),
    [
        (CREDENTIAL.replace("body: AAPC", "body: [AAPC"), "creds.yaml: YAML syntax error at line"),
        (
            CREDENTIAL.replace("    summary:", "    colour: blue\n    summary:"),
            "creds.yaml: cpc: unknown key 'colour'",
        ),
        (
            CREDENTIAL.replace("    name: Certified Professional Coder\n", ""),
            "creds.yaml: cpc: missing required field 'name'",
        ),
        (
            CREDENTIAL.replace("aliases: [professional coder]", "aliases: professional coder"),
            "creds.yaml: cpc: field 'aliases' should be a list",
        ),
        (
            CREDENTIAL.replace("body: AAPC", "body: AMA"),
            "creds.yaml: cpc: body must be one of AAPC, AHIMA, ACDIS",
        ),
        (
            CREDENTIAL.replace(
                "settings text\n        sources: [guide]", "settings text\n        sources: [nowhere]"
            ),
            "creds.yaml: cpc: facts.settings.sources names unknown source 'nowhere'",
        ),
        (
            CREDENTIAL.replace("    summary:", "    related: [cpb]\n    summary:"),
            "creds.yaml: cpc: related names unknown entry 'cpb'",
        ),
        (
            CREDENTIAL.replace("      salary:\n        text: salary text\n        sources: [guide]\n", ""),
            "creds.yaml: cpc: missing required fact(s): salary",
        ),
        (
            CREDENTIAL.replace("    abbr: CPC\n", "    abbr: CPC\n    abbr: CCS\n"),
            "creds.yaml: YAML syntax error at line 5",
        ),
        (CREDENTIAL.replace("id: cpc", "id: CPC!"), "creds.yaml: entry #1: id must be lowercase"),
    ],
    ids=[
        "syntax",
        "unknown-key",
        "missing-field",
        "mistyped-field",
        "bad-body",
        "unknown-source",
        "unknown-related",
        "missing-fact",
        "duplicate-key",
        "bad-id",
    ],
)
def test_broken_credential_files_are_reported_precisely(tmp_path, creds, expected):
    found = problems_of(write(tmp_path, sources=SOURCES, creds=creds, topics=TOPIC))
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, sources=SOURCES, creds=CREDENTIAL, topics=TOPIC)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "again.yaml").write_text(TOPIC)
    found = problems_of(tmp_path)
    assert found == [
        f"topics.yaml: study-tips: duplicate id (first defined in {tmp_path.name}/more/again.yaml)"
    ]


def test_duplicate_alias_between_credentials(tmp_path):
    second = (
        CREDENTIAL.replace("id: cpc", "id: coc")
        .replace("abbr: CPC", "abbr: COC")
        .replace("name: Certified Professional Coder", "name: Certified Outpatient Coder")
        .replace("kind: credentials\nentries:\n", "")
    )
    found = problems_of(write(tmp_path, sources=SOURCES, creds=CREDENTIAL + second, topics=TOPIC))
    assert any("duplicate alias 'professional coder'" in p for p in found), found


def test_wrong_top_level_shape_and_kind(tmp_path):
    write(tmp_path, sources=SOURCES, creds=CREDENTIAL, topics=TOPIC.replace("kind: topics", "kind: faq"))
    (tmp_path / "list.yaml").write_text("- just\n- a list\n")
    found = problems_of(tmp_path)
    assert any(p.startswith("topics.yaml: unknown kind 'faq'") for p in found), found
    assert any(p.startswith("list.yaml: a knowledge file must be a mapping") for p in found), found


def test_topic_problems(tmp_path):
    topic = TOPIC.replace("questions: [how should I study, any study tips]", "questions: [only one]")
    topic = topic.replace("text: Study for 8 to 13 weeks.", "text: " + "x" * 3600)
    found = problems_of(write(tmp_path, sources=SOURCES, creds=CREDENTIAL, topics=topic))
    assert "topics.yaml: study-tips: questions needs at least 2 item(s), has 1" in found
    assert any("study-tips: text is 3600 characters; the limit is 3500" in p for p in found)


def test_not_utf8(tmp_path):
    write(tmp_path, sources=SOURCES, creds=CREDENTIAL, topics=TOPIC)
    (tmp_path / "latin.yaml").write_bytes("kind: topics\nentries: [caf\xe9]\n".encode("latin-1"))
    assert any(p.startswith("latin.yaml: not UTF-8 text") for p in problems_of(tmp_path))


def test_load_raises_with_every_problem(tmp_path):
    write(
        tmp_path,
        sources=SOURCES,
        creds=CREDENTIAL.replace("body: AAPC", "body: AMA"),
        topics=TOPIC.replace("[guide]", "[gone]"),
    )
    with pytest.raises(ContentError) as info:
        load_knowledge(tmp_path)
    messages = [str(p).removeprefix(f"{tmp_path.name}/") for p in info.value.problems]
    assert messages == [
        "creds.yaml: cpc: body must be one of AAPC, AHIMA, ACDIS, got 'AMA'",
        "topics.yaml: study-tips: sources names unknown source 'gone'",
    ]
    assert str(info.value).startswith("2 content problem(s):\n")


def test_empty_or_missing_directory(tmp_path):
    _, problems = validate_knowledge(tmp_path)
    assert [str(p) for p in problems] == [f"{tmp_path}: no .yaml files found"]
    assert "knowledge directory not found" in problems_of(tmp_path / "nope")[0]


def test_a_sources_syntax_error_is_reported_once_with_its_cascade_collapsed(tmp_path):
    write(
        tmp_path,
        sources=SOURCES.replace("title: The guide", "title: [The guide"),
        creds=CREDENTIAL,
        topics=TOPIC.replace("[guide]", "[guide, gone]"),
    )
    _, problems = validate_knowledge(tmp_path)
    lines = [line.removeprefix(f"{tmp_path.name}/") for line in report_lines(problems)]
    # every reference to the unparsed 'guide' is caused by the error; the unknown 'gone' is not
    caused = len(FACETS) + 2  # each fact's, the credential's and the topic's sources
    assert lines[0].startswith("sources.yaml: YAML syntax error at line 5")
    assert lines[1:] == [
        f"… and {caused} more problems caused by the error above",
        "topics.yaml: study-tips: sources names unknown source 'gone'",
    ]
    assert f"\n… and {caused} more problems caused" in str(ContentError(problems))


def test_references_to_an_entry_that_did_not_load_are_caused_by_its_problem(tmp_path):
    write(tmp_path, sources=SOURCES.replace("    title: The guide\n", ""), creds=CREDENTIAL, topics=TOPIC)
    lines = [line.removeprefix(f"{tmp_path.name}/") for line in report_lines(validate_knowledge(tmp_path)[1])]
    assert lines == [
        "sources.yaml: guide: missing required field 'title'",
        f"… and {len(FACETS) + 2} more problems caused by the error above",
    ]


def test_guide_topics_answer_their_sub_questions_with_todays_fact_first(kb):
    for topic_id in ("why-certify", "coding-salary", "exam-day", "study-tips", "cpc-apprentice"):
        assert len(kb.topics[topic_id].questions) >= 15, topic_id
    lead = {
        tid: kb.topics[tid].text.splitlines()[0] for tid in ("why-certify", "coding-salary", "cpc-apprentice")
    }
    # Today's figure first, then the guide's, attributed, in the same opening line.
    assert (
        lead["why-certify"].index("$60,097")
        < lead["why-certify"].index("The guide")
        < lead["why-certify"].index("$7,000")
    )
    assert (
        lead["coding-salary"].startswith("AAPC 2022")
        and "The guide: one credential $46,899" in lead["coding-salary"]
    )
    apprentice = lead["cpc-apprentice"]
    assert (
        apprentice.startswith("The A is for apprentice") and "Practicode" in apprentice
    )  # AAPC's routes today
    salary = kb.topics["coding-salary"].text
    assert all(f in salary for f in ("$46,899", "25%", "12%", "$64,890", "$70,608"))
    sections = {s.heading for s in kb.topics["why-certify"].sections}
    assert {"Finding a job", "Moving up", "Networking and getting better at the work"} <= sections
    exam_day = kb.topics["exam-day"].text
    assert exam_day.startswith("On exam day, answer every question") and "best guess" in exam_day
