"""The media a notification is sent on beyond the workspace: e-mail, Telegram, WhatsApp.

:mod:`.email` speaks SMTP through Django's mail settings; :mod:`.telegram` (the Bot API) and
:mod:`.whatsapp` (the WhatsApp Business Cloud API) are plain clients around ``httpx`` that
know nothing of Django, tested against local servers that follow the platforms' documented
endpoints and error bodies. Every failure is a :class:`~tayang.channels.connectors.base.
ChannelError` (the publishing connectors' error, reused) saying whether trying again can
help and whether the message may have gone out anyway.
"""
