"""Accessible formats of public announcements: audio, Braille, large print and plain text.

See docs/accessible-formats.md. Pure parts (no Django): :mod:`.spoken` (the text as it is
read aloud) and :mod:`.engines` (espeak-ng, liblouis, the Opus encoder, BRF pages). The rest
is the app: one outbox row per item and format (:mod:`.models`), made in the background
(:mod:`.making`, :mod:`.tasks`, :mod:`.sweep`) with the shared outbox machinery.
"""
