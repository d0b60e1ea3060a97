"""The polite client as the web uses it: politeness from settings, every request written to the log."""

from __future__ import annotations

from django.conf import settings

from gongkai.fetch import FetchConfig, PoliteClient, user_agent
from gongkai_web.agencies.models import Agency
from gongkai_web.watch.models import FetchLog


def make_client() -> PoliteClient:
    return PoliteClient(
        FetchConfig(
            user_agent=user_agent(settings.GONGKAI_FETCH_CONTACT),
            per_host_interval=settings.GONGKAI_FETCH_INTERVAL,
            per_host_concurrency=settings.GONGKAI_FETCH_PER_HOST,
            timeout=settings.GONGKAI_FETCH_TIMEOUT,
            max_bytes=settings.GONGKAI_INTAKE_MAX_FILE_BYTES,
        )
    )


def save_log(
    client: PoliteClient,
    agency: Agency | None = None,
    start: int = 0,
    agencies: dict[str, Agency] | None = None,
) -> int:
    """Write the client's records from ``start`` on (each under ``agency``, or its URL's agency in
    ``agencies``); return the next start."""
    records = client.records[start:]
    agencies = agencies or {}
    FetchLog.objects.bulk_create(
        [
            FetchLog(
                url=r.url[:1000],
                started_at=r.started_at,
                status=r.status,
                size=r.size,
                sha256=r.sha256,
                content_type=r.content_type[:100],
                error=r.error[:300],
                seconds=r.seconds,
                attempt=r.attempt,
                agency=agencies.get(r.url, agency),
            )
            for r in records
        ]
    )
    return start + len(records)
