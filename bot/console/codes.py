"""ICD-10-CM commands in the console: /code lookup CODE, /code search WORDS, /code page CODE
[PAGE] (a header's codes, page by page) and the shorthand /code J45.909 (a code is looked up,
anything else searched)."""

from __future__ import annotations

from ..cards.codes import children_card, lookup_card, search_card
from ..core.codes.format import parse_code
from ..services.codes import ChildrenPage, CodesService
from .commands import Handler, Render

USAGE = (
    "Usage: /code lookup CODE (e.g. /code lookup J45.909), /code search WORDS "
    "(e.g. /code search ckd 4), /code page CODE [PAGE], or /code J45.909"
)


class CodeCommands:
    def __init__(self, codes: CodesService, render: Render) -> None:
        self.codes = codes
        self.render = render

    def commands(self) -> dict[str, Handler]:
        return {"code": self.code}

    async def code(self, args: list[str]) -> str:
        if not args:
            return USAGE
        verb, rest = args[0].lower(), " ".join(args[1:]).strip()
        if verb == "lookup":
            return self.render(lookup_card(await self.codes.lookup(rest))) if rest else USAGE
        if verb == "search":
            return self.render(search_card(await self.codes.search(rest))) if rest else USAGE
        if verb == "page":
            return await self.page(args[1:])
        text = " ".join(args)
        if parse_code(text) is not None:
            return self.render(lookup_card(await self.codes.lookup(text)))
        return self.render(search_card(await self.codes.search(text)))

    async def page(self, args: list[str]) -> str:
        if not args:
            return USAGE
        number = int(args[1]) if len(args) > 1 and args[1].isdigit() else 1
        result = await self.codes.children(args[0], number)
        if isinstance(result, ChildrenPage):
            return self.render(children_card(result))
        return self.render(lookup_card(result))
