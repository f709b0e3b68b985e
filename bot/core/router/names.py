"""Credentials by the name a member types: a slash command's option, its autocomplete, and
close suggestions for a name that matches nothing. Part of :class:`~.matcher.Matcher`.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.core.knowledge.model import Credential, KnowledgeBase
from bot.core.text import normalise

from .analysis import Analyser, CredentialIndex, canonical_words


class CredentialNames:
    """Name look-ups over the matcher's credential index (mixed into the matcher)."""

    kb: KnowledgeBase
    _credentials: CredentialIndex
    _analyser: Analyser

    def find_credential(self, name: str) -> Credential | None:
        """A credential from a name typed in a command option (abbreviation, alias, typo)."""
        words = tuple(canonical_words(name))
        if not words:
            return None
        cred_id = self._credentials.aliases.get(words)
        if cred_id is None:
            analysis = self._analyser.analyse(name)
            if len(analysis.credentials) == 1:
                cred_id = analysis.credentials[0]
        return self.kb.credentials.get(cred_id) if cred_id else None

    def credential_suggestions(self, name: str, limit: int = 3) -> list[Credential]:
        """Credentials whose abbreviation or name looks like ``name`` (for unknown names)."""
        query = normalise(name).strip()
        if not query:
            return []
        choices = {c.id: f"{c.abbr.lower()} {c.name.lower()}" for c in self.kb.credentials.values()}
        found = process.extract(query, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [self.kb.credentials[key] for _, _, key in found]

    def autocomplete(self, current: str, limit: int = 25) -> list[Credential]:
        """Credentials for a slash-command option as the member types."""
        creds = list(self.kb.credentials.values())
        query = normalise(current).strip()
        if not query:  # ours first (core, then specialty), the neighbouring ones last
            kb = self.kb
            return (kb.core_credentials() + kb.specialty_credentials() + kb.neighbour_credentials())[:limit]
        starts = [c for c in creds if c.abbr.lower().startswith(query)]
        contains = [
            c
            for c in creds
            if c not in starts and (query in c.name.lower() or any(query in a.lower() for a in c.aliases))
        ]
        fuzzy = [c for c in self.credential_suggestions(current, limit=limit) if c not in starts + contains]
        return (starts + contains + fuzzy)[:limit]
