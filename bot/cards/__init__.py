"""Cards: every answer and quiz message as neutral structure, shared by both adapters.

One module per feature builds the cards (:mod:`.knowledge`, :mod:`.rounds`, :mod:`.daily`,
:mod:`.stats`, :mod:`.banks`, :mod:`.help`); :mod:`.model` says what a card is. The Discord
adapter (``bot.discord_app.embeds``) and the console (``bot.console.render``) format them.
"""
