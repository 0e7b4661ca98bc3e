"""EYD V suggestions on the item page: shown to every reader, applied with one click by
whoever may edit, never a block (issue 14, point 6)."""

from __future__ import annotations

import pytest

from tayang.items.models import Item, ItemRevision
from tests.app.world import make_world, new_item

pytestmark = pytest.mark.django_db


def test_a_suggestion_is_shown_and_applied_as_an_edit(client):
    world = make_world("contoh", "dinas-contoh")
    item = new_item(world, "Rapat koordinasi dikantor Dinas",
                    narrative="Kegiatan ini di laksanakan pada hari senin.")
    author = item.created_by
    client.force_login(author)
    page = client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()
    assert "Saran bahasa (EYD V)" in page
    for pair in ("«dikantor» → «di kantor»", "«di laksanakan» → «dilaksanakan»",
                 "«senin» → «Senin»"):
        assert pair in page

    answer = client.post(f"/kerja/{world.slug}/konten/{item.pk}/saran-bahasa/", {
        "version": item.version, "field": "narrative", "start": 13, "found": "di laksanakan",
    })
    assert answer.status_code == 302
    item = Item.objects.get(pk=item.pk)
    assert item.values["narrative"] == "Kegiatan ini dilaksanakan pada hari senin."
    assert ItemRevision.objects.filter(item=item, number=item.revision).exists()  # recorded

    # The same suggestion again is stale: nothing changes.
    again = client.post(f"/kerja/{world.slug}/konten/{item.pk}/saran-bahasa/", {
        "version": item.version, "field": "narrative", "start": 13, "found": "di laksanakan",
    })
    assert again.status_code == 302
    assert Item.objects.get(pk=item.pk).version == item.version

    # Someone who may not edit sees the suggestions, without the button.
    reader = world.holder(world.sop.steps[1].roles[0])
    client.force_login(reader)
    page = client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()
    assert "«senin» → «Senin»" in page and "saran-bahasa" not in page
