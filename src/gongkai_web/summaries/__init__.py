"""A region's 汇总 (``spec/supervision.md`` §2) over the collected reports, with its drill-down and downloads,
and the dataset export for researchers (§4). The sums are :func:`gongkai.supervise.sum_reports`; this app
selects the agencies, fetches their latest collected versions and keeps each version's cells in a queryable
table (:class:`~gongkai_web.summaries.models.VersionCell`)."""
