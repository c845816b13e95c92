"""Text of the overview page (总览)."""

MESSAGES = {
    "zh": {
        "overview.header": "{city} 目标完成情况",
        "overview.caption": "截至 {as_of}。已到期的目标按到期日判定，之后的命名不改变结论。",
        "overview.no_programmes": "{city} 没有创建方案。",
        "overview.programme": "{name}（{start}—{end}）",
        "overview.source": "依据：{source}",
        "overview.no_targets": "该方案没有设定目标。",
        "overview.target": "{code}\u3000{description}",
        "overview.target_meta": "{shape}\u3000级别：{level}\u3000到期：{due}\u3000判定日：{judged}",
        "overview.summary": "共 {total} 项目标，已完成 {met} 项，未完成 {missed} 项",
        "overview.targets_met": "已完成目标",
    },
    "en": {
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
    },
}
