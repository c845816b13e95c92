"""Every piece of UI text, in Chinese (the default) and English.

Pages ask for text by key; a test checks that both languages have every key and the
same placeholders, so a page never shows a key or half a translation.
"""

from __future__ import annotations

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "app.title": "安全社区建设监管平台",
        "app.sample_note": "示例数据：大武口区、石家庄市、遂宁市三个创建方案依据公开文件构建，未列名的街道与进度为模拟数据。",
        "nav.overview": "总览",
        "filter.language": "语言",
        "filter.city": "城市",
        "filter.month": "截至月份",
        "filter.no_cities": "数据库中还没有任何创建方案。请运行 python -m oversight sample 加载示例数据。",
        "url.unknown_city": "链接中的城市编码 {code} 不存在，已改为显示 {name}。",
        "url.unknown_month": "链接中的月份 {month} 不在可选范围内，已改为 {shown}。",
        "overview.header": "{city} 目标完成情况",
        "overview.caption": "截至 {as_of}。已到期的目标按到期日判定，之后的命名不改变结论。",
        "overview.no_programmes": "{city} 没有创建方案。",
        "overview.programme": "{name}（{start}—{end}）",
        "overview.source": "依据：{source}",
        "overview.no_targets": "该方案没有设定目标。",
        "overview.target": "{code}　{description}",
        "overview.target_meta": "{shape}　级别：{level}　到期：{due}　判定日：{judged}",
        "overview.summary": "共 {total} 项目标，已完成 {met} 项，未完成 {missed} 项",
        "overview.targets_met": "已完成目标",
        "column.region": "地区",
        "column.required": "应达",
        "column.achieved": "已达",
        "column.gap": "差距",
        "column.share": "占比",
        "column.allocated": "已下达",
        "column.status": "状态",
        "status.met": "已完成",
        "status.not_met": "未完成",
        "role.scope": "合计",
        "shape.share": "比例目标",
        "shape.count": "数量目标",
        "shape.count_per_child": "各区县数量目标",
        "shape.pilots": "试点目标",
        "shape.budget": "资金目标",
        "unit.units": "个",
        "unit.children": "个区县",
        "level.none": "—",
    },
    "en": {
        "app.title": "Safe Community Oversight",
        "app.sample_note": "Sample data: the Dawukou, Shijiazhuang and Suining programmes follow public documents; unnamed streets and all progress are simulated.",
        "nav.overview": "Overview",
        "filter.language": "Language",
        "filter.city": "City",
        "filter.month": "As of month",
        "filter.no_cities": "The database has no programme yet. Run python -m oversight sample to load the sample data.",
        "url.unknown_city": "The link's city code {code} does not exist; showing {name} instead.",
        "url.unknown_month": "The link's month {month} is outside the available range; showing {shown} instead.",
        "overview.header": "{city}: progress against targets",
        "overview.caption": "As of {as_of}. Targets past their due date are judged on that date; later titles do not change the verdict.",
        "overview.no_programmes": "{city} has no programme.",
        "overview.programme": "{name} ({start} – {end})",
        "overview.source": "Source: {source}",
        "overview.no_targets": "This programme sets no targets.",
        "overview.target": "{code} · {description}",
        "overview.target_meta": "{shape} · Level: {level} · Due: {due} · Judged on: {judged}",
        "overview.summary": "{total} targets: {met} met, {missed} not met",
        "overview.targets_met": "Targets met",
        "column.region": "Region",
        "column.required": "Required",
        "column.achieved": "Achieved",
        "column.gap": "Gap",
        "column.share": "Share",
        "column.allocated": "Allocated",
        "column.status": "Status",
        "status.met": "Met",
        "status.not_met": "Not met",
        "role.scope": "Total",
        "shape.share": "Share target",
        "shape.count": "Count target",
        "shape.count_per_child": "Count per county",
        "shape.pilots": "Pilots target",
        "shape.budget": "Budget target",
        "unit.units": "",
        "unit.children": " counties",
        "level.none": "—",
    },
}


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    return MESSAGES[lang][key].format(**values)
