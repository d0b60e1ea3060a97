"""The agency ledger: a Django application on top of the framework-free core :mod:`gongkai`.

One app per domain noun: :mod:`~gongkai_web.agencies` (agency tree, people, roles, audit log),
:mod:`~gongkai_web.disclosures` (主动公开 catalogue and 表二 figures), :mod:`~gongkai_web.applications`
(依申请公开 applications and their statutory clock), :mod:`~gongkai_web.appeals` (行政复议 / 行政诉讼).
"""
