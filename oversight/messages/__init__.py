"""UI text, one module per page plus ``common``; each defines ``MESSAGES = {"zh": {...}, "en": {...}}``.

Keys start with the page's name (``overview.header``), so modules never collide;
:mod:`oversight.i18n` merges them and refuses a key defined twice.
"""
