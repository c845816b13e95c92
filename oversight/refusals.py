"""Why a record cannot be written, said in either language.

The write path (a monthly report, a correction, a stage move, a review, a naming, a
renewal or a revocation) refuses a record with a :class:`Refusal`: a message key and its
values, like an upload's problems and a ranking's facts, so the data entry page says it
in the page's language and the command line in Chinese.  ``where`` names the record
refused (the unit and month, the certificate and day...) and is itself a refusal's
phrase (``refusal.where.*``), worded in the same language.

Values are rendered by their name: stage codes (``stage``, ``current``, and the list
``skipped``) by the stage's name, ``review`` (county/city) by the review's name,
``month`` as 2020年3月 / Mar 2020; days as ISO dates; lists joined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from oversight import catalogue
from oversight.formatting import format_month
from oversight.i18n import translate

STAGE_VALUES = ("stage", "current", "skipped")
"""Values that hold stage codes (``skipped`` a list of them), named in the language."""

_STAGE_NAMES = {
    stage["code"]: {"zh": stage["name_zh"], "en": stage["name_en"]}
    for stage in catalogue.load("reference")["stages"]
}


@dataclass(frozen=True)
class Refusal:
    """One refusal: ``refusal.<key>`` filled with ``values``, after ``where`` when given."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    where: Refusal | None = None

    def text(self, lang: str = "zh") -> str:
        """The refusal as one sentence in ``lang``, with the record it refuses first."""
        sentence = translate(
            f"refusal.{self.key}",
            lang,
            **{name: _value(name, value, lang) for name, value in self.values.items()},
        )
        if self.where is None:
            return sentence
        return translate("refusal.joined", lang, where=self.where.text(lang), text=sentence)


def _value(name: str, value: Any, lang: str) -> Any:
    if isinstance(value, Refusal):
        return value.text(lang)
    if name in STAGE_VALUES:
        codes = value if isinstance(value, list | tuple) else [value]
        named = [_STAGE_NAMES.get(code, {}).get(lang, code) for code in codes]
        return translate("refusal.list_separator", lang).join(named)
    if name == "review":
        known = value in ("county", "city")
        return translate(f"refusal.review.{value}", lang) if known else value
    if name == "month" and isinstance(value, dt.date):
        return format_month(value, lang)
    if isinstance(value, list | tuple):
        return translate("refusal.list_separator", lang).join(str(item) for item in value)
    return value
