"""The outside party's pages and the Kelola page pass the Nu Html Checker with zero errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .decision_kit import Phone, fresh_rate_limits, text  # noqa: F401  (an autouse fixture)
from .party_kit import ANSWER, emailed_link, handed_in, police_world
from .test_html_validity import checked

pytestmark = pytest.mark.django_db


def test_the_party_pages_have_no_markup_errors(tmp_path):
    world = police_world()
    admin = Client()
    admin.force_login(world.admin)
    manage = reverse("workspace:manage-parties", kwargs={"org": world.org.slug})
    pages = {
        "kelola pihak luar": text(admin.get(manage)),
        "kelola pihak luar, e-mail salah": text(admin.post(manage, {
            "name": "Satlantas", "office": "Polres Contoh", "email": "satlantas"})),
        "ubah pihak luar": text(admin.get(reverse("workspace:manage-party", kwargs={
            "org": world.org.slug, "pk": world.office.pk}))),
    }
    item = handed_in(world)
    url = emailed_link(world, item)
    phone = Phone()
    phone.open(url)
    pages["halaman pihak luar"] = text(phone.content())
    pages["jawaban terlalu pendek"] = text(phone.decide("approve", accept_response="ok"))
    done = phone.decide("approve", accept_response=ANSWER)
    pages["jawaban tercatat"] = text(phone.get(done["Location"]))
    pages["tautan dipakai"] = text(Phone().open(url))
    errors = checked(pages, tmp_path)
    assert not errors, errors
