"""An SOP definition typed or uploaded by a person is checked with the loader's messages."""

from pathlib import Path

import pytest

from tayang.procedures.forms import ProcedureVersionForm, validate_definition
from tayang.sop.bundled import bundled_paths

BROKEN = """\
tayang: 1
key: contoh
identity:
  organization: Dinas Contoh
  name: SOP Contoh
roles:
  - key: peliput
    name: Peliput
steps:
  - key: serahkan
    activity: Menyerahkan bahan
    kind: handin
    roles: [penulis]
"""


def test_a_bundled_definition_is_accepted():
    validate_definition(Path(bundled_paths()[0]).read_text(encoding="utf-8"))


def test_a_broken_definition_is_refused_with_line_and_field():
    form = ProcedureVersionForm(data={"number": 1, "text": BROKEN, "source_name": "contoh.yaml"})
    assert not form.is_valid()
    errors = form.errors["text"]
    assert any("contoh.yaml:13" in error and "penulis" in error for error in errors), errors


@pytest.mark.django_db
def test_the_form_saves_only_a_valid_definition(admin_user):
    from tayang.orgs.models import Organization
    from tayang.procedures.models import Procedure

    org = Organization.objects.create(slug="contoh", name="Dinas Contoh")
    procedure = Procedure.objects.create(organization=org, key="contoh", name="SOP Contoh")
    text = Path(bundled_paths()[0]).read_text(encoding="utf-8")
    form = ProcedureVersionForm(data={"number": 1, "text": text, "source_name": "a.yaml"})
    assert form.is_valid(), form.errors
    version = form.save(commit=False)
    version.procedure = procedure
    version.save()
    assert len(version.sha256) == 64
    assert version.sop.key == "gunungkidul-dpmptsp-upload-konten"
    assert procedure.current == version
