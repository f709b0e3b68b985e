"""Knowledge cards read well in a busy channel, walked over the whole shipped knowledge base:
what is true today comes before the guide's older figure, and the sources shown by default
are a short numbered list (the full list one click or flag away)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from bot.cards.knowledge import (
    compare_card,
    credential_card,
    fact_card,
    guide_said,
    sources_card,
    topic_card,
    with_all_sources,
)
from bot.cards.knowledge_sources import attribution, parse_key, pick, short_title
from bot.cards.model import Card
from bot.console.render import render_card, source_lines
from bot.core.knowledge.model import FACETS, Fact, KnowledgeBase, Source, Topic, Update
from bot.discord_app.embeds import card_to_embed

LIMIT = 300


def every_card(kb: KnowledgeBase, *, full: bool = False) -> Iterator[tuple[str, Card]]:
    """Every knowledge card a member can get: each credential, each facet of each credential,
    each ordered pair of core credentials, each topic (with ``full``, listing every source)."""
    cards: list[tuple[str, Card]] = []
    for cred in kb.credentials.values():
        cards.append((f"/cert {cred.abbr}", credential_card(kb, cred)))
        cards += [(f"{cred.abbr} {facet}", fact_card(kb, cred, facet)) for facet in FACETS]
    for first, second in itertools.permutations(kb.core_credentials(), 2):
        cards.append((f"/compare {first.abbr} {second.abbr}", compare_card(kb, first, second)))
    cards += [(f"topic {topic.id}", topic_card(kb, topic)) for topic in kb.topics.values()]
    for name, card in cards:
        yield name, with_all_sources(card) if full else card


def discord_text(card: Card) -> str:
    """The embed as a member reads it, top to bottom."""
    embed = card_to_embed(card)
    parts = [embed.title or "", embed.description or ""]
    parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    return "\n".join(parts)


def opening(text: str, n: int = 60) -> str:
    """The start of a text's first sentence: found in a card whether it is shown whole or brief."""
    line = text.strip().splitlines()[0].lstrip("-• ").strip()
    return re.split(r"(?<=[.!?])\s", line)[0][:n]


def updated(kb: KnowledgeBase) -> Iterator[tuple[str, Fact | Topic, Update]]:
    for cred in kb.credentials.values():
        for facet, fact in cred.facts.items():
            if fact.update:
                yield f"{cred.id} {facet}", fact, fact.update
    for topic in kb.topics.values():
        if topic.update:
            yield f"topic {topic.id}", topic, topic.update


def cards_showing(kb: KnowledgeBase, entry: Fact | Topic) -> Iterator[tuple[str, Card]]:
    """The cards in which ``entry`` (a fact or a topic) appears."""
    if isinstance(entry, Topic):
        yield "topic", topic_card(kb, entry)
        return
    core = kb.core_credentials()
    for cred in kb.credentials.values():
        for facet, fact in cred.facts.items():
            if fact is entry:
                yield "/cert", credential_card(kb, cred)
                yield "facet", fact_card(kb, cred, facet)
                for other in core:
                    if other.id != cred.id:
                        yield f"/compare {other.abbr}", compare_card(kb, cred, other)
                        yield f"/compare {other.abbr} (second)", compare_card(kb, other, cred)


def test_every_current_fact_comes_before_the_guides_figure(kb):
    checked = 0
    for name, entry, update in updated(kb):
        today, guide = opening(update.current), opening(guide_said(entry.text))
        for where, card in cards_showing(kb, entry):
            renderings = {"discord": discord_text(card)}
            if card.table is None:  # the console wraps table cells, so only its plain cards
                renderings["console"] = render_card(card)
            for surface, text in renderings.items():
                assert today in text and guide in text, f"{name} in {where} ({surface})"
                assert text.index(today) < text.index(guide), f"{name}: guide first in {where} ({surface})"
                labelled = text[: text.index(today)].lower().endswith("today: ")
                assert labelled, f"{name}: the current fact is not labelled 'Today' in {where} ({surface})"
                checked += 1
    assert checked > 100  # the shipped knowledge base has many updated facts


def test_today_names_its_source_and_date_and_the_guide_is_attributed(kb):
    card = fact_card(kb, kb.credentials["cpc"], "exam")
    update = kb.credentials["cpc"].facts["exam"].update
    assert update is not None
    head, guide = card.description.split("\n")[:2]
    assert head.startswith("Today: ") and head.endswith(f"({attribution(kb, update)})")
    assert f"read {update.as_of}" in head and "AAPC" in head
    assert guide.startswith("The guide (written before 2022) says")
    assert any("confirm" in note and "AAPC" in note for note in card.notes)


def test_attribution_says_when_a_fact_rests_on_third_party_pages():
    kb = KnowledgeBase(
        sources={
            "aapc": Source("aapc", "AAPC: a page", "n.d.", publisher="AAPC"),
            "blog": Source("blog", "example-prep.com exam blog (third-party)", "2026"),
            "other": Source("other", "another-site.org note (third-party)", "2025"),
        }
    )
    assert attribution(kb, Update("x", ("aapc",), "2026-11-24", "AAPC")) == "AAPC, read 2026-11-24"
    mixed = Update("x", ("aapc", "blog"), "2026-11-24", "AAPC")
    assert attribution(kb, mixed) == "AAPC and third-party pages, read 2026-11-24"
    only = Update("x", ("blog",), "2026-11-24", "AAPC")
    assert attribution(kb, only) == "example-prep.com, third-party, read 2026-11-24"
    several = Update("x", ("blog", "other"), "2026-11-24", "AHIMA")
    assert attribution(kb, several) == "example-prep.com and other third-party pages, read 2026-11-24"


def test_a_general_credential_card_leads_with_its_summary_then_todays_exam(kb):
    cred = kb.credentials["cpc"]
    card = credential_card(kb, cred)
    assert card.description.startswith(cred.summary)
    assert card.description.split("\n\n")[1].startswith("Exam today: Since 1 Jan 2022")
    assert card.fields[0][0] == "Certifying body"
    assert "The exam" not in [name for name, _ in card.fields]  # shown once, in the lead


@pytest.mark.parametrize("surface", ["discord", "console"])
def test_no_footer_or_default_source_list_is_over_300_characters(kb, surface):
    longest: dict[str, tuple[int, str]] = {}
    for name, card in every_card(kb):
        assert card.sources, f"{name} cites nothing"
        if surface == "discord":
            embed = card_to_embed(card)
            parts = {"footer": embed.footer.text or ""}
            parts["sources"] = "\n".join(f.value or "" for f in embed.fields if f.name.startswith("Sources"))
        else:
            parts = {"sources": "\n".join(source_lines(card)), "hint": card.hint}
        for part, text in parts.items():
            longest[part] = max(longest.get(part, (0, "")), (len(text), name))
            assert len(text) <= LIMIT, f"{surface} {part} of {name}: {len(text)} characters"
    assert longest["sources"][0] > 100  # the measure saw real lists


def test_the_short_list_shows_the_sources_that_carry_the_answer_and_counts_the_rest(kb):
    for name, card in every_card(kb):
        full = sources_card(kb, card.sources_key)
        assert parse_key(kb, card.sources_key) is not None, name
        assert {s.id for s in card.sources} <= {s.id for s in full.sources}, name
        assert card.sources_hidden == len(full.sources) - len(card.sources), name
        assert 1 <= len(card.sources) <= 3, name
    exam = fact_card(kb, kb.credentials["cpc"], "exam")
    assert [s.id for s in exam.sources] == ["aapc-cpc", "aapc-cpc-exam-faqs", "guide"]  # AAPC's first
    assert exam.sources[0].title == "AAPC: CPC page"
    pair = compare_card(kb, kb.credentials["cpc"], kb.credentials["ccs"])
    assert [s.id for s in pair.sources] == ["aapc-cpc", "ahima-ccs", "guide"]  # one official page each


def test_short_titles_keep_what_qualifies_a_page():
    def short(title: str) -> str:
        return short_title(Source("s", title, "n.d.")).title

    assert short("AAPC: Membership FAQ (dues)") == "AAPC: Membership FAQ"
    assert short("example.com CPC blog (third-party)") == "example.com CPC blog (third-party)"
    assert short("AHIMA: pass rates (copy on another host)") == "AHIMA: pass rates (copy on another host)"
    assert short("AAPC: CIC page (older version)") == "AAPC: CIC page (older version)"


def test_full_lists_date_every_source_and_fit_discord(kb):
    for name, card in every_card(kb, full=True):
        assert card.sources_hidden == 0 and card.sources_dated, name
        listed = sources_card(kb, card.sources_key)
        embed = card_to_embed(listed)
        assert len(embed) <= 6000 and all(len(f.value or "") <= 1024 for f in embed.fields), name
        text = "\n".join(f.value or "" for f in embed.fields)
        assert all(source.date in text for source in listed.sources), name
        assert render_card(card).count("\n[") >= len(card.sources) - 1, name


def test_an_unknown_or_stale_key_gives_a_kind_card(kb):
    for key in ("", "c:", "c:nope", "f:cpc:nope", "x:cpc", "t:cpc", "z:cpc"):
        card = sources_card(kb, key)
        assert not card.matched and "no longer" in card.description


def test_a_source_too_long_for_the_list_alone_is_clipped_to_fit():
    long_title = "An official page with a very long title " * 10
    kb = KnowledgeBase(sources={"long": Source("long", long_title, "n.d.", url="https://example.org/page")})
    shown, every = pick(kb, ["long"], ["long"])
    assert len(every) == len(shown) == 1 and shown[0].url == "https://example.org/page"
    card = Card(title="t", sources=shown)
    assert len("\n".join(source_lines(card))) <= LIMIT
    embed = card_to_embed(card)
    assert all(len(f.value or "") <= LIMIT for f in embed.fields)


def test_the_guides_text_is_marked_as_older_however_it_opens():
    assert guide_said("The guide says 36 CEUs.") == "The guide (written before 2022) says 36 CEUs."
    assert guide_said("The guide's comparison of X.") == "Written before 2022, the guide's comparison of X."
    assert (
        guide_said("AAPC's older page said 150 questions.")
        == "Earlier: AAPC's older page said 150 questions."
    )
