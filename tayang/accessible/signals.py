"""``format_made``: an item's accessible format was made (or ended failed or unavailable).

Sent after the commit, with the item. The public site listens, so a page already published
offers the new file at the next request (:mod:`tayang.public.receivers`).
"""

from django.dispatch import Signal

format_made = Signal()
