"""The free-form question router: routes (:mod:`.routes`), the words it knows
(:mod:`.vocabulary`), question analysis, topic scoring and the :class:`~.matcher.Matcher`."""
