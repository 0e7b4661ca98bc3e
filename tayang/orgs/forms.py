"""Forms for what an organization keeps about itself."""

from __future__ import annotations

from django import forms

from tayang.orgs.models import ClosedDay


class ClosedDayForm(forms.ModelForm):
    class Meta:
        model = ClosedDay
        fields = ("day", "reason")
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"reason": "Mis. Hari Jadi Kabupaten, libur daerah."}
