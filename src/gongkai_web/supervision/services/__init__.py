"""Service functions of supervision: every state change goes through them (views never save the models).

- :mod:`.intake`: a batch from uploaded files, zips or a CSV of URLs (:mod:`.unpack` opens zips safely);
- :mod:`.processing`: read, check, match and file one item — idempotent, so a redelivered task is harmless;
- :mod:`.matching`: the register match (exact name, short name, alias, fuzzy with a score);
- :mod:`.filing`: a read report into its agency's collected report for its year (a new content is a new
  version, the same content is the same version);
- :mod:`.assignment`: a person files a report the matcher could not;
- :mod:`.export`: a batch's outcomes as CSV or XLSX; :mod:`.progress`: the figures of the live progress.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai_web.common.errors import WebError


class IntakeError(WebError):
    """Not possible with this upload or this assignment; ``str()`` is the Chinese reason."""

    subject = gettext_lazy("该文件")
