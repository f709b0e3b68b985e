"""The local console: the same services and cards as Discord, driven from a terminal.

:mod:`.app` parses lines and dispatches them to one command group per feature
(:mod:`.knowledge`, :mod:`.rounds`, :mod:`.stats`); :mod:`.render` turns cards into text.
"""
