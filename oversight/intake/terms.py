"""How a preview's fields and values read, in either language: one way for every kind of
workbook.

A :class:`~oversight.intake.plan.Change` maps a field to a value.  For the stages and the
setup workbooks the field is the column's code (``stage``, ``certificate_no``); for the
monthly report it is still the template's header.  A value is either plain data, shown as
typed (codes, dates, numbers, certificate numbers, an opinion or a name a clerk wrote), or
a :class:`Term`: a code of a vocabulary (a stage, a title level, a record kind, a review's
decision, a region level, a target shape, a grading scheme), worded here from the
reference catalogue or the message keys.  In Chinese a field and a term read as the
workbook writes them (tests/oversight/test_intake_terms.py holds the messages to the
workbooks' headers and lists), so the Chinese page and the command line read as before;
the data entry page asks in its own language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from oversight import catalogue
from oversight.i18n import translate


@dataclass(frozen=True)
class Term:
    """A value of a vocabulary by its code; ``code`` is a grading scheme's (code, version)."""

    vocabulary: str
    code: str | tuple[str, int]


_REFERENCE = catalogue.load("reference")
_NAMES = {
    "stage": {stage["code"]: stage for stage in _REFERENCE["stages"]},
    "title_level": {level["code"]: level for level in _REFERENCE["title_levels"]},
}
_SCHEMES = {(scheme["code"], scheme["version"]): scheme for scheme in catalogue.load("schemes")["schemes"]}
_MESSAGE_PREFIX = {"level": "intake.setup.level", "kind": "intake.setup.kind", "shape": "shape"}
"""The vocabularies whose message keys the workbooks' lists share; the record kinds, review
decisions and 是/否 are ``intake.terms.<vocabulary>.<code>``."""


def term_text(term: Term, lang: str) -> str:
    """A term as the page in ``lang`` words it (Chinese: as the workbook's lists do)."""
    vocabulary, code = term.vocabulary, term.code
    if vocabulary in _NAMES:
        return _NAMES[vocabulary][code]["name_zh" if lang == "zh" else "name_en"]
    if vocabulary == "scheme":
        scheme = _SCHEMES.get(code)
        name = None if scheme is None else scheme["name_zh" if lang == "zh" else "name_en"]
        return translate("intake.terms.scheme", lang, name=name or code[0], version=code[1])
    prefix = _MESSAGE_PREFIX.get(vocabulary, f"intake.terms.{vocabulary}")
    return translate(f"{prefix}.{code}", lang)


def value_text(value: object, lang: str) -> str:
    """A preview's value as shown: a term worded, a whole number without its '.0', a date
    as 2020-05-01, anything else as typed."""
    if value is None:
        return ""
    if isinstance(value, Term):
        return term_text(value, lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def field_text(workbook_kind: str, subject: str, field: str, lang: str) -> str:
    """A preview's field as the page in ``lang`` names it (in Chinese, the workbook's column
    header: a test holds the two together).  A monthly report's field is its header
    already (the page words it by the report form's labels, ``ui.views.intake.field_label``)."""
    if workbook_kind == "stages":
        return translate(f"intake.stages.field.{field}", lang)
    if workbook_kind == "setup":
        return translate(f"intake.setup.field.{subject}.{field}", lang)
    return field
