"""Checking an SOP definition typed or uploaded by a person, with the loader's own messages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from tayang.procedures.models import ProcedureVersion
from tayang.sop.errors import SopDefinitionError
from tayang.sop.loader import load_text


def validate_definition(text: str, source: str = "definisi.yaml") -> None:
    """Raise a ValidationError listing every problem of the definition, each with its line."""
    try:
        load_text(text, source=source)
    except SopDefinitionError as error:
        raise ValidationError([str(problem) for problem in error.problems]) from error


class ProcedureVersionForm(forms.ModelForm):
    class Meta:
        model = ProcedureVersion
        fields = ("number", "source_name", "text")

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        validate_definition(text, self.cleaned_data.get("source_name") or "definisi.yaml")
        return text
