"""The usual 主动公开 categories, loaded by a data migration (and by ``load_demo`` if they were removed)."""

from __future__ import annotations

from typing import Any

DEFAULT_CATEGORIES = [
    ("org", "组织机构"),
    ("law", "法规文件"),
    ("plan", "规划计划"),
    ("personnel", "人事信息"),
    ("finance", "财政资金"),
    ("emergency", "应急管理"),
    ("enforcement", "行政执法"),
    ("services", "政务服务"),
    ("news", "政务动态"),
    ("other", "其他"),
]


def ensure_default_categories(category_model: Any) -> None:
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES):
        category_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
