"""The free-form question router: routes (:mod:`.routes`), the words it knows
(:mod:`.vocabulary`), question analysis, topic scoring, the :class:`~.matcher.Matcher`, and
judging it on labelled question sets (:mod:`.evaluation`)."""
