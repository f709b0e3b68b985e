"""Cards as embeds: Discord's formatting is added here, and every answer fits Discord's limits."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from bot.cards.knowledge import cert_card, certs_overview_card, comparison_card, route_card
from bot.cards.model import Card, Code, Name, Strong, Table
from bot.discord_app.embeds import card_to_embed, markdown


def test_markdown_marks_stress_and_literals():
    assert markdown("plain **as is**") == "plain **as is**"
    assert markdown(("Locked in ", Strong("B"), ".")) == "Locked in **B**."
    assert markdown((Code("/quiz stop"), ": stop")) == "`/quiz stop`: stop"


def test_choices_follow_the_description_with_bold_letters_then_notes():
    card = Card(title="Q", description="Which?", choices=(("A", "one"), ("B", "two")), notes=["careful"])
    assert card_to_embed(card).description == "Which?\n\n**A**) one\n**B**) two\n\n⚠️ careful"


def test_fields_and_tables():
    card = Card(
        title="T",
        fields=[(("Bank (", Code("cpc"), ", 3)"), ("Your weakest area is ", Strong("X"), "."))],
        table=Table(("", "CPC", "CCS"), [("Exam", "100 questions", "2 parts")]),
    )
    fields = [(f.name, f.value) for f in card_to_embed(card).fields]
    assert fields == [
        ("Exam", "**CPC:** 100 questions\n**CCS:** 2 parts"),  # comparison rows first
        ("Bank (`cpc`, 3)", "Your weakest area is **X**."),
    ]
    ranked = Card(title="T", table=Table(("#", "Member", "Points"), [("1", "ann", "30")]))
    assert [(f.name, f.value) for f in card_to_embed(ranked).fields] == [("1", "ann · 30")]


def test_member_names_are_escaped_and_bold_in_tables():
    name = Name("[click me](https://evil.example) **x** · 9 @everyone")
    escaped = "\\[click me](https://evil.example) \\*\\*x\\*\\* · 9 @\u200beveryone"
    card = Card(
        title=("Stats for ", name),
        fields=[("Got it right", (name, ", ", Name("bo_b")))],
        table=Table(("#", "Member", "Points"), [("1", (name,), "30")]),
    )
    embed = card_to_embed(card)
    assert embed.title == f"Stats for {escaped}"
    assert [(f.name, f.value) for f in embed.fields] == [
        ("1", f"**{escaped}** · 30"),
        ("Got it right", f"{escaped}, bo\\_b"),
    ]


def test_colour_tells_a_decline():
    assert card_to_embed(Card(title="yes")).colour != card_to_embed(Card(title="no", matched=False)).colour


def _all_cards(knowledge):
    kb = knowledge.kb
    yield certs_overview_card(kb, knowledge.certs())
    for cred in kb.credentials.values():
        yield cert_card(kb, knowledge.cert(cred.abbr))
    for topic in kb.topics.values():
        yield route_card(kb, SimpleNamespace(kind="topic", entry_ids=(topic.id,), facet=None, suggestions=()))
    core = [c.abbr for c in kb.core_credentials()]
    for first, second in itertools.combinations(core, 2):
        yield comparison_card(kb, knowledge.compare(first, second))


def test_every_answer_fits_discord_limits(knowledge):
    count = 0
    for card in _all_cards(knowledge):
        embed = card_to_embed(card)
        assert len(embed) <= 6000, card.title
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25
        assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in embed.fields), card.title
        assert len(embed.footer.text or "") <= 2048
        count += 1
    assert count > 60


def test_an_oversized_card_is_shrunk_to_the_limits():
    card = Card(title="t" * 300, description="d" * 5000, fields=[("f", "v" * 2000)] * 30, hint="h" * 3000)
    embed = card_to_embed(card)
    assert len(embed) <= 6000
    assert len(embed.title) == 256 and len(embed.fields) <= 25


def test_a_long_description_is_clipped_so_every_choice_and_note_stays_visible():
    choices = (("A", "E11.9"), ("B", "E11.65"), ("C", "E10.9"))
    card = Card(title="Q", description="word " * 1000, choices=choices, notes=["careful"])
    description = card_to_embed(card).description or ""
    assert len(description) <= 4096
    assert description.endswith("**A**) E11.9\n**B**) E11.65\n**C**) E10.9\n\n⚠️ careful")
    assert description.startswith("word word") and "…" in description
