"""Run in a subprocess by ``test_web_sqlite.py``: eight threads post at once to an embedded (file) SQLite
database with the ``local`` settings, and the HTTP status of each post is printed as JSON.

``same``: all eight extend the SAME application with the same form version — exactly one may win (302), the
others must get the stale-form answer (409), as on PostgreSQL. ``different``: each extends its own
application — all eight must win."""

from __future__ import annotations

import json
import sys
import threading

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.cli.serve import setup_django

THREADS = 8


def main(mode: str) -> None:
    setup_django()
    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.applications import services

    agency = Agency.objects.create(name="并发测试局", code="RACE")
    registrar = User.objects.create(username="dengji", agency=agency, role=Role.REGISTRAR)
    approver = User.objects.create(username="shenhe", agency=agency, role=Role.APPROVER)
    today = timezone.localdate()
    data = {"applicant_type": "natural_person", "applicant_name": "张三", "content": "并发", "phone": "1"}
    apps = [
        services.register_application(
            registrar, agency=agency, data=data, received_on=today, basis="in-person"
        )
        for _ in range(1 if mode == "same" else THREADS)
    ]
    connection.close()
    barrier = threading.Barrier(THREADS)
    codes: list[int] = []

    def post(i: int) -> None:
        app = apps[0] if mode == "same" else apps[i]
        client = Client(SERVER_NAME="localhost", raise_request_exception=False)
        client.force_login(approver)
        form = {
            "extend-version": str(app.version),
            "extend-date": today.isoformat(),
            "extend-days": "20",
            "extend-reason": "需要征求多个部门意见",
        }
        url = reverse("applications:act", args=[app.pk, "extend"])
        barrier.wait()
        try:
            codes.append(client.post(url, form).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(sorted(codes)))


if __name__ == "__main__":
    main(sys.argv[1])
