"""The knowledge base: its records (:mod:`.model`) and loading them from YAML (:mod:`.loader`)."""
