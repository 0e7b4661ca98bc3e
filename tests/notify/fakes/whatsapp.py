"""A fake WhatsApp Business Cloud API: ``POST /{version}/{phone-number-id}/messages``.

Follows Meta's documentation (developers.facebook.com/docs/whatsapp/cloud-api): a bearer
token; ``messaging_product: "whatsapp"``; a template message names an approved template and
its language and gives exactly as many body parameters as the template has placeholders, each
without new lines or tabs. Success answers ``{"messaging_product", "contacts": [{"input",
"wa_id"}], "messages": [{"id": "wamid.…"}]}``; errors are Graph API errors ``{"error":
{"message", "type", "code", "error_data": {"messaging_product", "details"}, "error_subcode",
"fbtrace_id"}}`` with the documented codes:

* 130429 "Rate limit hit" (throughput) and 131056 "(Business Account, Consumer Account) pair
  rate limit hit" — HTTP 400;
* 132001 "Template name does not exist in the translation" — HTTP 404; 132000 parameter count
  mismatch; 132018 a parameter with new lines or tabs;
* 131026 "Message undeliverable" (not on WhatsApp, old app, terms not accepted) — HTTP 400;
* 190 an expired or wrong access token — HTTP 401.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.channels.fakes.server import Answer, FakeApi, Request

VERSION = "v23.0"
PHONE_NUMBER_ID = "106540352242922"
TOKEN = "EAAJB-whatsapp-token-uji"


def graph_error(status: int, code: int, message: str, details: str) -> Answer:
    return Answer(status, {"error": {
        "message": f"(#{code}) {message}", "type": "OAuthException", "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details},
        "error_subcode": 2494010, "fbtrace_id": "AbCdEfGhIjKlMnOp",
    }})


class FakeWhatsApp(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.token = TOKEN
        # Approved templates: (name, language) -> number of body placeholders.
        self.templates: dict[tuple[str, str], int] = {("tayang_pemberitahuan", "id"): 3}
        self.unreachable: set[str] = set()
        self.rate_limits: list[int] = []  # codes for the next sends (130429, 131056)
        self.sent: list[dict[str, Any]] = []
        self.ids = itertools.count(1)
        self.route("POST", rf"/{VERSION}/(?P<phone>\d+)/messages", self._messages)

    @property
    def base(self) -> str:
        return f"{self.url}/{VERSION}"

    def _messages(self, request: Request) -> Answer:
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return graph_error(401, 190, "Error validating access token",
                               "Session has expired or the token is invalid.")
        if request.match["phone"] != PHONE_NUMBER_ID:
            return graph_error(400, 100, "Invalid parameter",
                               f"Unsupported post request. Object with ID "
                               f"'{request.match['phone']}' does not exist")
        body = request.json or {}
        if body.get("messaging_product") != "whatsapp":
            return graph_error(400, 100, "Invalid parameter",
                               "The parameter messaging_product is required.")
        to = str(body.get("to", ""))
        if body.get("type") != "template":
            return graph_error(400, 131047, "Re-engagement message",
                               "More than 24 hours have passed since the recipient last "
                               "replied to the sender number.")
        if self.rate_limits:
            code = self.rate_limits.pop(0)
            if code == 131056:
                return graph_error(400, 131056, "(Business Account, Consumer Account) pair "
                                   "rate limit hit", "Too many messages sent from the sender "
                                   "phone number to the same recipient phone number in a "
                                   "short period of time.")
            return graph_error(400, 130429, "Rate limit hit", "Cloud API message throughput "
                               "has been reached.")
        template = body.get("template") or {}
        key = (template.get("name"), (template.get("language") or {}).get("code"))
        if key not in self.templates:
            return graph_error(404, 132001, "Template name does not exist in the translation",
                               f"template name ({key[0]}) does not exist in {key[1]}")
        parameters = [p for c in template.get("components", []) if c.get("type") == "body"
                      for p in c.get("parameters", [])]
        if len(parameters) != self.templates[key]:
            return graph_error(400, 132000, "Number of parameters does not match the expected "
                               "number of params", "body: number of localizable_params "
                               f"({len(parameters)}) does not match the expected number of "
                               f"params ({self.templates[key]})")
        if any("\n" in p.get("text", "") or "\t" in p.get("text", "") for p in parameters):
            return graph_error(400, 132018, "There was an issue with the parameters in your "
                               "template.", "Param text cannot have new-line/tab characters")
        if to in self.unreachable:
            return graph_error(400, 131026, "Message undeliverable",
                               "Unable to deliver message. Reasons can include: The recipient "
                               "phone number is not a WhatsApp phone number.")
        wamid = f"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEj{next(self.ids):05d}"
        self.sent.append({"to": to, "template": key[0], "language": key[1],
                          "parameters": [p["text"] for p in parameters], "id": wamid})
        return Answer(200, {"messaging_product": "whatsapp",
                            "contacts": [{"input": to, "wa_id": to}],
                            "messages": [{"id": wamid, "message_status": "accepted"}]})
