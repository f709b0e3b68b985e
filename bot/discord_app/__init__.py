"""The Discord adapter: the bot (:mod:`.client`), its extensions (:mod:`.exts`), and the
Discord side of cards (:mod:`.embeds`) and replies. The only package that imports discord.py
(besides the ``sync`` command of ``__main__``)."""
