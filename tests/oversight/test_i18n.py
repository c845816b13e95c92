"""Both languages say everything, with the same placeholders."""

import datetime as dt
import re
import string

from oversight.formatting import format_count, format_money, format_month
from oversight.i18n import MESSAGES


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_every_language():
    keys = {lang: set(messages) for lang, messages in MESSAGES.items()}
    assert keys["zh"] == keys["en"]


def test_placeholders_match_between_languages():
    for key, chinese in MESSAGES["zh"].items():
        assert _placeholders(chinese) == _placeholders(MESSAGES["en"][key]), key


def test_every_key_used_in_the_code_exists():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    used = set()
    for path in [root / "dashboard.py", *root.glob("pages/*.py"), *root.glob("ui/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
        used |= set(
            re.findall(r"""translate\(\s*["']([a-z_]+\.[a-z_]+)["']""", path.read_text(encoding="utf-8"))
        )
    assert used, "no message keys found: the pattern is out of date"
    assert used <= set(MESSAGES["zh"])


def test_money_in_wan_yuan_and_months_the_chinese_way():
    assert format_money(1050000, "zh") == "105万元"
    assert format_money(190000, "zh") == "19万元"
    assert format_money(12345, "zh") == "1.23万元"
    assert format_money(1050000, "en") == "¥1,050,000"
    assert format_month(dt.date(2015, 12, 1), "zh") == "2015年12月"
    assert format_month(dt.date(2015, 12, 1), "en") == "Dec 2015"
    assert format_count(4.0) == "4"


def test_english_counts_never_need_a_plural():
    """ "{units} units" reads "1 units" for one: a count goes after a colon or in brackets."""
    import re

    counted = re.compile(r"\{\w+\} (?:more )?(?:units|targets|months|reports|items|periods|communities)\b")
    slips = {key: text for key, text in MESSAGES["en"].items() if counted.search(text)}
    assert slips == {}
