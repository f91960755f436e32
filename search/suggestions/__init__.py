"""Answers inside the ticket: a customer's message → canned replies, deciding sections, fields."""

from search.suggestions.answer import suggest
from search.suggestions.message import MAX_MESSAGE_CHARS, MessageRejected
from search.suggestions.model import SuggestedReply, SuggestedSection, Suggestion

__all__ = [
    "MAX_MESSAGE_CHARS",
    "MessageRejected",
    "SuggestedReply",
    "SuggestedSection",
    "Suggestion",
    "suggest",
]
