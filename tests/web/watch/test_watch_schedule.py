"""When the watch runs: Celery beat's periodic task with a broker, the in-process thread without one; and who
may use the watch page."""

from __future__ import annotations

import time

import pytest
from celery import Celery
from django.test import Client, override_settings
from django.urls import reverse

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.config.celery import _schedule
from gongkai_web.supervision import embedded
from gongkai_web.supervision.models import Batch
from gongkai_web.watch import schedule
from gongkai_web.watch.models import WatchedPage
from gongkai_web.watch.services.crawl import start_crawl
from web.factories import UserFactory
from web.watch.conftest import FINANCE


def test_celery_beat_sends_the_watch_on_the_interval() -> None:
    with override_settings(GONGKAI_WATCH_INTERVAL=3600):
        beat = Celery("beat-test", set_as_current=False)
        _schedule(beat)
        entries = list(beat.conf.beat_schedule.values())
    assert [(e["task"], e["schedule"]) for e in entries] == [("watch.run_watch", 3600.0)]
    with override_settings(GONGKAI_WATCH_INTERVAL=0):
        off = Celery("beat-off", set_as_current=False)
        _schedule(off)
        assert dict(off.conf.beat_schedule) == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_without_a_broker_a_thread_runs_the_watch_periodically(
    chief: User, region: dict[str, Agency]
) -> None:
    start_crawl(chief, 2024)
    embedded.drain()
    before = {p.pk: p.last_checked for p in WatchedPage.objects.all()}
    assert before
    with override_settings(GONGKAI_WATCH_INTERVAL=1, CELERY_BROKER_URL=""):
        assert schedule.start() is True
        try:
            deadline = time.monotonic() + 60
            while any(p.last_checked == before[p.pk] for p in WatchedPage.objects.all()):
                assert time.monotonic() < deadline, "the periodic watch did not run"
                time.sleep(0.5)
        finally:
            schedule.stop()
    with override_settings(GONGKAI_WATCH_INTERVAL=1, CELERY_BROKER_URL="redis://127.0.0.1:6379/6"):
        assert schedule.start() is False  # with a broker, beat schedules it


def test_only_supervisors_use_the_watch_page(region: dict[str, Agency], chief: User) -> None:
    staff = UserFactory(username="clerk", agency=region[FINANCE], role=Role.HANDLER)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("watch:index")).status_code == 403
    assert client.post(reverse("watch:crawl"), {"year": 2024}).status_code == 403
    client.force_login(chief)
    assert client.get(reverse("watch:index")).status_code == 200
    bad = client.post(reverse("watch:crawl"), {"year": "abc"}, follow=True)
    assert bad.redirect_chain == [(reverse("watch:index"), 302)] and not Batch.objects.exists()
    assert "整数" in bad.content.decode()  # the form's error, shown as a message
