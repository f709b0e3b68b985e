"""The feedback slice's wording: button labels and the replies that are not the service's."""

from __future__ import annotations

HELPFUL = "Helpful"
NOT_HELPFUL = "Not helpful"
ACTIONS = {"d": "Dismiss {}", "k": "Add {} to KB"}  # the queue buttons, with the item's number
MODERATORS_ONLY = "Only moderators (Manage Server) can change the unanswered queue."
FAILED = "Sorry, I couldn't record that. Please try again."
