"""The dataset for ``gongkai export --database`` (:mod:`gongkai.cli.export`): every collected report a user
may see (``None``: every report in the database, for the command line run by whoever runs the server)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.supervise import Entry
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import visible_agencies
from gongkai_web.summaries.services import dataset_entries


def database_entries(user: User | None) -> Iterator[Entry]:
    agencies = list(Agency.objects.select_related("parent")) if user is None else visible_agencies(user)
    return dataset_entries(agencies)
