"""The embedded worker thread: the upload returns at once, the thread drains the batch in the background."""

from __future__ import annotations

import gc
import time

import pytest
from django.test import override_settings
from intake_files import fixture

from gongkai_web.agencies.models import User
from gongkai_web.supervision import embedded
from gongkai_web.supervision.models import ItemStatus
from gongkai_web.supervision.services.intake import create_batch
from gongkai_web.supervision.services.progress import batch_progress


@pytest.mark.django_db(transaction=True)
@override_settings(GONGKAI_EMBEDDED_WORKER=True)
def test_the_embedded_thread_drains_a_batch_after_the_upload_returned(chief: User) -> None:
    files = [fixture(n) for n in ("2019-pingtan-finance-page.html", "2020-pingtan-finance-crawled.txt")]
    try:
        batch = create_batch(chief, files=[*files, ("bad.docx", b"PK\x03\x04 not a docx")])
        deadline = time.monotonic() + 60
        while not (progress := batch_progress(batch))["finished"] and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        embedded.stop()
    assert progress["finished"], progress
    assert gc.get_freeze_count() > 0  # what the process had loaded is out of the collector's sight
    assert progress["failed"] == 1 and progress["done"] == 3 and progress["rate"]
    statuses = set(batch.items.values_list("status", flat=True))
    assert ItemStatus.REFUSED in statuses and ItemStatus.QUEUED not in statuses
    assert {c for c in batch.items.values_list("claimed_by", flat=True) if c} == {
        c for c in batch.items.values_list("claimed_by", flat=True) if c.startswith("embedded@")
    }
