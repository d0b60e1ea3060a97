"""CSV files as offices save them: UTF-8 (with or without the BOM Excel writes) or GBK (Excel in China)."""

from __future__ import annotations

import csv
import io

ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 is a superset of GBK and GB2312


def read_csv_rows(data: bytes) -> list[list[str]] | None:
    """The rows of a CSV file, or ``None`` when its bytes are in none of :data:`ENCODINGS` (the caller says
    so to the person, in its own words). A malformed file raises :class:`csv.Error`."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text)))
    return None
