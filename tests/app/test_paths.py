"""Addresses reversed once per shape (:mod:`tayang.web.paths`): the same text as ``reverse``
gives, whatever the key, the organization, the URL configuration or the script prefix."""

from __future__ import annotations

import pytest
from django.shortcuts import redirect
from django.test.utils import override_settings
from django.urls import clear_script_prefix, path, reverse, set_script_prefix, set_urlconf

from tayang.public.addresses import HOST_URLCONF
from tayang.web import paths
from tayang.web.paths import path_to, redirect_to


def _elsewhere() -> None:  # a view never called: only its address is asked for
    raise AssertionError


urlpatterns = [path("lain/konten/<int:pk>/", _elsewhere, name="item")]


@pytest.mark.parametrize("kwargs", [
    {"org": "dinas-a", "pk": 7},
    {"org": "dinas-a", "pk": 0},
    {"org": "dinas-b", "pk": 123_456},
    {"org": "dinas-a", "pk": 2_147_483_647},  # the placeholder itself
    {"org": "kantor-2147483647", "pk": 5},  # the placeholder's digits in the slug
    {"org": "dinas-a"},
])
def test_the_address_is_reverses(kwargs):
    name = "workspace:item" if "pk" in kwargs else "workspace:inbox"
    for _ in range(2):  # reversed, then remembered
        assert path_to(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_the_key_is_written_in_not_remembered():
    paths._reversed.cache_clear()
    for pk in range(1, 40):
        assert path_to("workspace:item", org="dinas-a", pk=pk) == f"/kerja/dinas-a/konten/{pk}/"
    assert paths._reversed.cache_info().currsize == 1


def test_the_script_prefix_and_the_requests_urlconf_are_kept_apart():
    paths._reversed.cache_clear()
    assert path_to("workspace:item", org="dinas-a", pk=3) == "/kerja/dinas-a/konten/3/"
    set_script_prefix("/tayang/")
    try:
        assert path_to("workspace:item", org="dinas-a", pk=3) == "/tayang/kerja/dinas-a/konten/3/"
    finally:
        clear_script_prefix()
    set_urlconf(HOST_URLCONF)  # an organization's own host (tayang.public.middleware)
    try:
        assert path_to("public:home") == reverse("public:home") == "/"
    finally:
        set_urlconf(None)
    assert path_to("public:home", org="dinas-a") == "/situs/dinas-a/"


def test_a_swapped_url_configuration_is_not_answered_from_memory():
    assert path_to("workspace:item", org="dinas-a", pk=3) == "/kerja/dinas-a/konten/3/"
    with override_settings(ROOT_URLCONF=__name__):
        assert path_to("item", pk=3) == "/lain/konten/3/"
    assert path_to("workspace:item", org="dinas-a", pk=3) == "/kerja/dinas-a/konten/3/"


def test_redirect_to_answers_as_djangos_redirect():
    ours = redirect_to("workspace:item", org="dinas-a", pk=9)
    django = redirect("workspace:item", org="dinas-a", pk=9)
    assert (type(ours), ours.status_code, ours["Location"]) == (
        type(django), django.status_code, django["Location"])
