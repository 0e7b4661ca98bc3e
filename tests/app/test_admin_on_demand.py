"""Django's admin is loaded at its first use, not in every process (``tayang.web.admin_on_demand``).

The pages, their addresses and their templates never load the apps' ``admin.py`` nor the
admin's URL patterns; ``/admin/`` and ``reverse("admin:…")`` do, and then answer as Django's
own ``admin.site.urls`` did; the admin's system checks still check every ModelAdmin.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import checks
from django.test import Client
from django.urls import get_resolver, resolve, reverse

from tayang.orgs.models import Organization
from tayang.web.admin_on_demand import AdminResolver


def _fresh_process(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
        check=False, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings", "TAYANG_DEBUG": "0",
             "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )


def test_a_web_process_loads_the_admin_only_when_it_is_asked_for():
    result = _fresh_process(
        """
        import sys
        import tayang.wsgi  # noqa: F401 (the URL table and every view, as granian loads it)
        from django.template.loader import get_template
        from django.urls import get_resolver, resolve, reverse

        def admin_loaded():
            return sorted(name for name in sys.modules
                          if name == "tayang.web.admin_urls" or name.endswith(".admin")
                          and not name.startswith("django.contrib.admin"))

        # What the pages do: reverse their addresses, resolve their paths, load templates.
        reverse("home"), reverse("login"), reverse("admin-login")
        reverse("public:home", kwargs={"org": "dinas"})
        resolve("/situs/dinas/"), resolve("/kerja/dinas/"), resolve("/masuk/")
        get_template("public/article.html"), get_template("workspace/item.html")
        print("before", admin_loaded())
        print("admin", reverse("admin:index"), resolve("/admin/orgs/organization/").url_name)
        print("after", admin_loaded())
        """
    )
    assert result.returncode == 0, result.stderr
    before, address, after = result.stdout.strip().splitlines()
    assert before == "before []"
    assert address == "admin /admin/ orgs_organization_changelist"
    assert "tayang.orgs.admin" in after and "tayang.web.admin_urls" in after
    assert "django.contrib.auth.admin" in after


def test_the_admin_entry_is_djangos_own_prefix_and_namespace():
    [entry] = [p for p in get_resolver().url_patterns if isinstance(p, AdminResolver)]
    assert str(entry.pattern) == "admin/"
    assert (entry.app_name, entry.namespace) == ("admin", "admin")
    # Once loaded, its patterns are Django's for the discovered site, model by model.
    change = reverse("admin:orgs_organization_change", args=[7])
    assert change == "/admin/orgs/organization/7/change/"
    assert Organization in admin.site._registry
    assert resolve("/admin/orgs/organization/").url_name == "orgs_organization_changelist"


def test_the_admin_answers_a_superuser_and_signs_in_through_tayang(db):
    get_user_model().objects.create_superuser("pengelola", password="sandi-rahasia-123")
    client = Client()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.force_login(get_user_model().objects.get(username="pengelola"))
    index = client.get("/admin/").content.decode()
    for model in ("organization", "procedure", "item", "membership", "channel"):
        assert f"/{model}/" in index
    assert client.get(reverse("admin:orgs_organization_add")).status_code == 200
    assert client.get(reverse("admin:items_item_changelist")).status_code == 200


def test_the_admins_checks_still_check_every_modeladmin(monkeypatch):
    assert checks.run_checks(tags=[checks.Tags.admin]) == []
    model_admin = admin.site._registry[Organization]
    monkeypatch.setattr(model_admin, "list_display", ["name", "no_such_field"])
    [error] = checks.run_checks(tags=[checks.Tags.admin])
    assert error.id == "admin.E108" and error.obj is type(model_admin)
