"""Every piece of UI text, in Chinese (the default) and English.

The text lives in :mod:`oversight.messages`, one module per page.  Pages ask for text by
key; a test checks that both languages have every key and the same placeholders, so a
page never shows a key or half a translation.
"""

from __future__ import annotations

import importlib
import pkgutil

from oversight import messages

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"


def _merge() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for module_info in pkgutil.iter_modules(messages.__path__):
        module = importlib.import_module(f"{messages.__name__}.{module_info.name}")
        for lang, texts in module.MESSAGES.items():
            duplicated = set(texts) & set(merged[lang])
            if duplicated:
                raise ValueError(f"message keys defined twice: {sorted(duplicated)}")
            merged[lang].update(texts)
    return merged


MESSAGES: dict[str, dict[str, str]] = _merge()


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    return MESSAGES[lang][key].format(**values)
