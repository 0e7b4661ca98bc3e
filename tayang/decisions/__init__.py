"""Deciding from a link: an official approves, sends back or publishes from a phone.

See docs/decisions.md. ``links.issue_link`` makes the link a message carries; the link page
(``views.link``) asks for the person's PIN (``pins``) and carries the decision out through the
workflow (``decide``), exactly once.
"""
