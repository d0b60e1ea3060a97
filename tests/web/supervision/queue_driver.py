"""Run as a script by the worker test: set up a region on the database of ``$GONGKAI_DATA_DIR`` and submit a
batch of ``N`` generated reports to the Celery queue (``$REDIS_URL``). Prints the batch's id."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

AGENCIES = ["平潭综合实验区财政金融局", "平潭综合实验区社会事业局", "平潭综合实验区教育局"]


def main(n: int) -> None:
    from gongkai.cli.serve import setup_django

    setup_django()
    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.supervision.services.intake import create_batch
    from report_corpus import make_files

    city = Agency.objects.create(name="平潭综合实验区管理委员会", code="PT00", kind="government")
    for i, name in enumerate(AGENCIES, 1):
        Agency.objects.create(name=name, code=f"PT{i:02d}", parent=city)
    chief = User.objects.create(username="chief", agency=city, role=Role.SUPERVISOR)
    files = make_files(n, AGENCIES, formats=("docx", "html", "txt", "md", "xlsx"), with_real=False)
    batch = create_batch(chief, files=files, name="队列测试")
    assert batch.queue == "celery", batch.queue
    print(batch.pk)


if __name__ == "__main__":
    main(int(sys.argv[1]))
