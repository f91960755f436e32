"""Answers inside the ticket: a customer's message → canned replies, deciding sections, fields."""

from search.suggestions.message import MAX_MESSAGE_CHARS, MessageRejected

__all__ = ["MAX_MESSAGE_CHARS", "MessageRejected"]
