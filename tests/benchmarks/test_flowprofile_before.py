"""``bench flowprofile --alternate N --before request``: the code's way before those changes,
taken away only inside its block."""

from __future__ import annotations

import contextlib

from django.http import HttpRequest
from django.urls import reverse

from bench import flowprofile
from tayang.accounts import signed_in
from tayang.http.csp import ContentSecurityPolicyMiddleware
from tayang.notify import compose
from tayang.web import paths


def test_the_request_changes_are_taken_away_inside_the_block_only():
    request = HttpRequest()
    lazy = object()
    request.user = lazy  # type: ignore[assignment]
    request._tayang_signed_in = type("Known", (), {"user": lambda self: "orang"})()  # type: ignore[attr-defined]
    kept = (paths.path_to, compose.path_to, ContentSecurityPolicyMiddleware._policy)
    assert signed_in.person(request) == "orang"
    with contextlib.ExitStack() as stack:
        flowprofile.BEFORE["request"](stack)
        assert signed_in.person(request) is lazy
        assert paths.path_to is not kept[0] and compose.path_to is not kept[1]
        assert paths.path_to("workspace:item", org="dinas-a", pk=4) == reverse(
            "workspace:item", kwargs={"org": "dinas-a", "pk": 4})
        assert ContentSecurityPolicyMiddleware._policy is not kept[2]
    assert (paths.path_to, compose.path_to, ContentSecurityPolicyMiddleware._policy) == kept
    assert signed_in.person(request) == "orang"


def test_the_prepared_statements_are_taken_away_inside_the_block_only(db):
    from tayang.rows import prepared

    kept = (prepared.actions, prepared.cursor)
    with contextlib.ExitStack() as stack:
        flowprofile.BEFORE["prepared"](stack)
        assert (prepared.actions, prepared.cursor) != kept
        with prepared.actions(), prepared.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone()[0] == 1
    assert (prepared.actions, prepared.cursor) == kept
