"""The feedback loop's pure rules: what the queue keeps of a question, and the KB stubs."""

from __future__ import annotations

import yaml

from bot.core.feedback import QUESTION_LIMIT, anonymise, answer_key, stub_entries, stub_id, stubs_yaml


def test_anonymise_drops_mentions_handles_contacts_and_ids_and_caps():
    text = "<@123456789012345678> Hey @alice, is 99213 on the CPC?? mail me@x.com or 555-123-4567 <#42>"
    assert anonymise(text) == "hey is 99213 on the cpc?? mail or"
    assert anonymise("my id is 123456789012345678, see https://example.com/x") == "my id is , see"
    assert anonymise("<@1> <:wave:123>  ") == ""
    long = anonymise("why " * 200)
    assert len(long) <= QUESTION_LIMIT and long.endswith("…")
    assert anonymise("What   IS the\nCPB?") == anonymise("what is the cpb?")  # one item


def test_answer_key_is_the_entry_id_or_empty_for_a_decline():
    assert answer_key(None) == ""
    assert answer_key("compare:ccs,cpc") == "compare:ccs,cpc"
    assert len(answer_key("x" * 200)) == 80


def test_stub_ids_are_unique_slugs():
    assert stub_id("what is the CPB exam?") == "new-what-is-the-cpb-exam"
    assert stub_id("what is the CPB exam?", ["new-what-is-the-cpb-exam"]) == "new-what-is-the-cpb-exam-2"
    assert stub_id("???") == "new-entry"


def test_stubs_are_topics_with_todo_title_and_text_and_no_sources():
    document = yaml.safe_load(stubs_yaml([["what is the cpb?", "what is the cpb?"], ["rhit vs rhia"]]))
    assert document["kind"] == "topics"
    first, second = document["entries"]
    assert first == {
        "id": "new-what-is-the-cpb",
        "title": "TODO",
        "keywords": [],
        "questions": ["what is the cpb?"],
        "text": "TODO",
        "sources": [],
    }
    assert second["id"] == "new-rhit-vs-rhia"
    assert stub_entries([]) == []
