"""Cards as console text: the layout, marked words, choices and boxed tables."""

from __future__ import annotations

from bot.cards.model import Card, Code, Name, Strong, Table
from bot.console.render import render_card, render_table, text


def test_text_drops_stress_and_keeps_literals_quoted():
    assert text("as is") == "as is"
    assert text(("Your weakest area is ", Strong("Coding"), " (", Code("cpc"), ")")) == (
        "Your weakest area is Coding (`cpc`)"
    )


def test_card_layout():
    card = Card(
        title="Question 1/2",
        description="Which one?",
        choices=(("A", "this"), ("B", "that")),
        fields=[(("Bank ", Code("b1")), ("The ", Strong("best"), " one"))],
        notes=["Check it."],
        hint="Type A or B.",
    )
    assert render_card(card) == (
        "Question 1/2\n============\n\nWhich one?\n\nA) this\nB) that\n\n"
        "Bank `b1`\n---------\nThe best one\n\nNote: Check it.\n\nType A or B."
    )


def test_table_wraps_to_the_width():
    table = Table(("", "CPC", "CCS"), [("Exam", "word " * 40, "short")])
    lines = render_table(table, width=60).splitlines()
    assert {len(line) for line in lines} == {60}
    assert lines[0].startswith("+--") and lines[2].startswith("+==")


def test_member_names_print_as_written():
    card = Card(
        title=("Stats for ", Name("**ann**")),
        table=Table(("#", "Member"), [("1", (Name("[x](y)"),))]),
    )
    out = render_card(card)
    assert out.startswith("Stats for **ann**\n")
    assert "| 1 | [x](y) |" in out
