"""The knowledge base: its records (:mod:`.model`) and loading them from YAML (:mod:`.loader`).

Import from the submodules. The re-exports below keep ``bot/core/answers.py`` importing while
it moves to ``bot/cards/`` on another branch; delete them once that move is merged.
"""

from .model import BODIES, FACET_TITLES, FACETS, Credential, Fact, KnowledgeBase, Source, Topic

__all__ = ["BODIES", "FACETS", "FACET_TITLES", "Credential", "Fact", "KnowledgeBase", "Source", "Topic"]
