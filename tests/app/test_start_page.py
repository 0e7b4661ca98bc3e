"""The start page, the bundled SOP pages, sign-in and the Django admin."""

import pytest
from django.contrib.auth import get_user_model

from tayang.sop.bundled import bundled_sops

pytestmark = pytest.mark.django_db


def test_start_page_lists_every_bundled_sop(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="id">' in page
    for sop in bundled_sops().values():
        assert sop.identity.name.replace("&", "&amp;") in page
        assert f"/sop/{sop.key}/" in page


def test_sop_page_shows_every_step_with_its_executor_time_and_output(client):
    for sop in bundled_sops().values():
        page = client.get(f"/sop/{sop.key}/").content.decode()
        for step in sop.steps:
            assert step.activity.replace("&", "&amp;")[:40] in page
            assert step.output.replace("&", "&amp;")[:30] in page
            if step.time:
                assert step.time.text in page
        for role in sop.roles:
            assert role.name in page


def test_unknown_sop_is_a_404(client):
    assert client.get("/sop/tidak-ada/").status_code == 404


def test_pages_carry_a_content_security_policy_without_third_parties(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy


def test_login_page_and_wrong_password_message_in_indonesian(client):
    get_user_model().objects.create_user("budi", password="sandi-rahasia-123")
    assert client.get("/masuk/").status_code == 200
    response = client.post("/masuk/", {"username": "budi", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    response = client.post("/masuk/", {"username": "budi", "password": "sandi-rahasia-123"})
    assert response.status_code == 302


def test_admin_shows_organizations_procedures_and_items(admin_client):
    index = admin_client.get("/admin/").content.decode()
    for model in ("organization", "procedure", "item", "membership", "rolegrant"):
        assert f"/{model}/" in index
    assert admin_client.get("/admin/procedures/procedure/add/").status_code == 200
