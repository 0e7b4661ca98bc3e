"""The profile page links the pages other apps keep for the person (PIN, notifications)."""

from django.test import Client
from django.urls import reverse


def test_the_profile_links_the_decision_pin(db, django_user_model):
    user = django_user_model.objects.create_user("orang.satu", password="sandi-yang-panjang-1")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "PIN keputusan" in page and reverse("decisions:pin") in page
