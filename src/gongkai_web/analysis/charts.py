"""ECharts options for the analysis pages, built from the same indicators as the tables. A chart is a dict
``{"option": …, "percent": bool, "name": file name, "height": px}``; ``static/analysis/charts.js`` draws it
(and adds the tooltip formatter, which is a function)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gongkai.supervise import (
    OUTCOME_KEYS,
    Distribution,
    Indicator,
    Ranking,
    indicator_label,
    is_rate,
    outcome_label,
)
from gongkai_web.analysis.services import AgencyYear
from gongkai_web.analysis.tables import percent

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
TOP = 30  # agencies drawn in a ranking (the table and the downloads hold them all)


def _base(title: str, subtitle: str = "") -> dict[str, Any]:
    return {
        "textStyle": {"fontFamily": FONT},
        "title": {"text": title, "subtext": subtitle, "left": 8, "textStyle": {"fontSize": 15}},
        "tooltip": {"trigger": "axis", "confine": True},
        "toolbox": {"right": 12, "feature": {"saveAsImage": {"title": "保存为PNG图片", "name": title}}},
        "animation": False,
    }


def _chart(option: dict[str, Any], name: str, *, percent: bool = False, height: int = 380) -> dict[str, Any]:
    return {"option": option, "percent": percent, "name": name, "height": height}


def outcome_bars(agency: str, years: Sequence[AgencyYear]) -> dict[str, Any]:
    """Applications beside the outcome mix, a pair of bars a year; the outcomes and 结转 stack to 一 + 二."""
    title = f"{agency} 申请与办理结果"
    option = _base(title, "左柱：本年新收；右柱：办理结果及结转下年度（合计等于本年新收与上年结转之和）")
    option["tooltip"]["axisPointer"] = {"type": "shadow"}
    option["legend"] = {"top": 58, "left": 8, "right": 8}
    option["grid"] = {"top": 130, "left": 12, "right": 24, "bottom": 12, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": [f"{y.year}年" for y in years]}
    option["yAxis"] = {"type": "value", "name": "件"}
    received = [percent(y.indicators.get("applications")) for y in years]
    option["series"] = [
        {"name": "一、本年新收", "type": "bar", "stack": "received", "data": received, "barMaxWidth": 48},
        *(
            {
                "name": outcome_label(k),
                "type": "bar",
                "stack": "results",
                "data": [y.outcomes.get(k) for y in years],
                "barMaxWidth": 48,
            }
            for k in OUTCOME_KEYS
        ),
    ]
    return _chart(option, title, height=440)


def rate_lines(agency: str, years: Sequence[AgencyYear], shown: Sequence[str]) -> dict[str, Any]:
    """Every rate as a line across the years (a gap where undefined); the legend toggles them."""
    title = f"{agency} 各项指标"
    option = _base(title, "单位：%；点击图例可显示或隐藏指标，空缺表示空白或分母为0")
    keys = [k for k in (years[0].indicators if years else {}) if is_rate(k)]
    option["legend"] = {
        "type": "scroll",
        "top": 58,
        "left": 8,
        "right": 8,
        "selected": {indicator_label(k): k in shown for k in keys},
    }
    option["grid"] = {"top": 120, "left": 12, "right": 24, "bottom": 12, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": [f"{y.year}年" for y in years]}
    option["yAxis"] = {"type": "value", "name": "%", "min": 0, "max": 100}
    option["series"] = [
        {
            "name": indicator_label(k),
            "type": "line",
            "symbolSize": 7,
            "data": [percent(y.indicators.get(k)) for y in years],
        }
        for k in keys
    ]
    return _chart(option, title, percent=True, height=420)


def ranked_bars(key: str, ranking: Ranking, names: Mapping[str, str]) -> dict[str, Any]:
    top = ranking.ranked[:TOP]
    label = indicator_label(key)
    title = f"{label}排名"
    shown = f"前{len(top)}名" if len(ranking.ranked) > len(top) else f"共{len(top)}个机构"
    option = _base(title, f"{shown}；未排名{len(ranking.left_out)}个机构（见表格）")
    option["tooltip"]["axisPointer"] = {"type": "shadow"}
    option["grid"] = {"top": 64, "left": 12, "right": 48, "bottom": 12, "containLabel": True}
    option["yAxis"] = {
        "type": "category",
        "inverse": True,
        "data": [names[r.agency] for r in top],
        "axisLabel": {"width": 220, "overflow": "truncate"},
    }
    option["xAxis"] = {"type": "value", "name": "%" if is_rate(key) else "件"}
    option["series"] = [
        {
            "name": label,
            "type": "bar",
            "data": [percent(r.indicator) for r in top],
            "label": {"show": True, "position": "right", "formatter": "{c}%" if is_rate(key) else "{c}"},
        }
    ]
    return _chart(option, f"{title}", percent=is_rate(key), height=100 + 26 * max(len(top), 3))


def box_plots(dists: Sequence[Distribution]) -> dict[str, Any]:
    title = "各项比率在本地区的分布"
    option = _base(title, "箱体为上下四分位数，中线为中位数，须为最小值与最大值；单位：%")
    option["tooltip"] = {"trigger": "item", "confine": True}
    option["grid"] = {"top": 64, "left": 12, "right": 32, "bottom": 12, "containLabel": True}
    option["yAxis"] = {"type": "category", "inverse": True, "data": [indicator_label(d.key) for d in dists]}
    option["xAxis"] = {"type": "value", "name": "%", "min": 0, "max": 100}
    option["series"] = [
        {
            "name": "分布",
            "type": "boxplot",
            "data": [
                [round(v * 100, 1) for v in (d.minimum, d.q1, d.median, d.q3, d.maximum)] for d in dists
            ],
        }
    ]
    return _chart(option, title, percent=True, height=100 + 34 * max(len(dists), 3))


def multiples(
    key: str,
    years: Sequence[int],
    agencies: Sequence[tuple[int, str]],
    values: Mapping[int, Mapping[int, Indicator]],
) -> list[dict[str, Any]]:
    """One small line chart per agency, all on the same axis range so they compare at a glance."""
    rate = is_rate(key)
    points = {pk: [percent(values.get(pk, {}).get(y)) for y in years] for pk, _ in agencies}
    top = max((v for row in points.values() for v in row if v is not None), default=0)
    out = []
    for pk, name in agencies:
        option: dict[str, Any] = {
            "textStyle": {"fontFamily": FONT},
            "animation": False,
            "title": {
                "text": name,
                "left": 4,
                "textStyle": {"fontSize": 12, "width": 250, "overflow": "truncate"},
            },
            "tooltip": {"trigger": "axis", "confine": True},
            "grid": {"top": 34, "left": 8, "right": 12, "bottom": 6, "containLabel": True},
            "xAxis": {"type": "category", "data": [str(y) for y in years], "axisLabel": {"fontSize": 10}},
            "yAxis": {
                "type": "value",
                "min": 0,
                "max": 100 if rate else (top or 1),
                "axisLabel": {"fontSize": 10},
                "splitNumber": 2,
            },
            "series": [{"name": indicator_label(key), "type": "line", "symbolSize": 5, "data": points[pk]}],
        }
        out.append({**_chart(option, name, percent=rate, height=170), "pk": pk})
    return out
