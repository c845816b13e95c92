"""Whom a circular is addressed to (主送机关): the bureaus of the region's county-level
units, named by their kinds as circulars do ("各县（区）、园区安监局：").

The ranking names its counties but not their kinds, so the kind is read from the name's
ending: 县 a county, 市 a county-level city, 新区 / 开发区 / 园区 a park (development
zones are run as parks), any other 区 a district.
"""

from __future__ import annotations

from oversight.i18n import translate
from oversight.ranking.results import Ranking

PARK_ENDINGS = ("新区", "开发区", "园区")
KIND_ORDER = ("county", "district", "city", "park")


def county_kind(name_zh: str) -> str:
    if name_zh.endswith(PARK_ENDINGS):
        return "park"
    if name_zh.endswith("县"):
        return "county"
    if name_zh.endswith("市"):
        return "city"
    return "district"


def county_kinds(ranking: Ranking, lang: str) -> str:
    """县（区）、园区 / "county, district and park": the first kind, the others of 县 区 市
    in brackets, parks after a 、."""
    kinds = {county_kind(c.county_zh) for c in ranking.counties}
    ordered = [k for k in KIND_ORDER if k in kinds] or ["district"]
    names = [translate(f"circular.county_kinds.{k}", lang) for k in ordered]
    if lang != "zh":
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    main = [n for k, n in zip(ordered, names, strict=True) if k != "park"]
    text = main[0] + (f"（{'、'.join(main[1:])}）" if len(main) > 1 else "") if main else ""
    if "park" in kinds:
        text = f"{text}、{names[-1]}" if text else names[-1]
    return text


def addressees(ranking: Ranking, lang: str) -> str:
    return translate("circular.addressees", lang, counties=county_kinds(ranking, lang))
