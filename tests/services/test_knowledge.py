"""KnowledgeService finds what was asked for and returns its own result types (no cards)."""

from __future__ import annotations

from bot.core.knowledge.model import Credential, Topic
from bot.services.knowledge import (
    MAX_QUESTION_CHARS,
    PATHS,
    AskResult,
    Comparison,
    Overview,
    UnknownName,
    UnknownSetting,
)


def test_ask_routes_the_question(knowledge):
    result = knowledge.ask("cpc vs ccs")
    assert isinstance(result, AskResult) and result.question == "cpc vs ccs"
    assert result.route.kind == "compare" and result.route.entry_ids == ("cpc", "ccs")
    declined = knowledge.ask("good morning everyone")
    assert not declined.route.matched and len(declined.route.suggestions) == 3
    assert len(knowledge.ask("x" * 9000).question) == MAX_QUESTION_CHARS


def test_cert_finds_a_credential_or_says_what_is_close(knowledge):
    cred = knowledge.cert("certified inpatient coder")
    assert isinstance(cred, Credential) and cred.abbr == "CIC"
    near = knowledge.cert("  CPCZ ")
    assert isinstance(near, UnknownName) and near.name == "CPCZ"
    assert "CPC" in [c.abbr for c in near.suggestions]
    far = knowledge.cert("zzzzzzzz")
    assert isinstance(far, UnknownName) and far.suggestions == ()
    assert [c.abbr for c in far.known] == [c.abbr for c in knowledge.kb.core_credentials()]


def test_compare_resolves_both_names_or_reports_the_first_unknown(knowledge):
    pair = knowledge.compare("CPC", "certified coding specialist")
    assert isinstance(pair, Comparison) and (pair.first.abbr, pair.second.abbr) == ("CPC", "CCS")
    assert knowledge.compare("XYZ", "QQQ").name == "XYZ"
    assert knowledge.compare("CPC", "QQQ").name == "QQQ"


def test_certs_path_and_lookup(knowledge):
    overview = knowledge.certs()
    assert isinstance(overview, Overview)
    assert {"CPC", "CCS"} <= {c.abbr for c in overview.core}
    assert overview.specialties and not {c.id for c in overview.core} & {c.id for c in overview.specialties}
    topic = knowledge.path(" Risk Adjustment ")
    assert isinstance(topic, Topic) and topic.id == PATHS["risk-adjustment"]
    assert knowledge.path("moon") == UnknownSetting("moon", tuple(PATHS))
    assert knowledge.find_credential("crc").abbr == "CRC"
    assert knowledge.find_credential("nothing like it") is None
