"""The command line: wiring of the database, the sample loaders and the rules, apart from them.

``python -m oversight`` is the documented entry; ``oversight/__main__.py`` hands over to
:func:`commands.cli.main`, so the rules package itself imports no database code.
"""
