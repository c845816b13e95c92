"""The speed benchmark: every page's data functions, rules and AppTest runs at province scale.

``python -m bench --help`` (or ``python bench/run.py``) runs it; README.md § Benchmark
says how to read its table.  The page → data-function mapping is not written down here:
it is recorded from each page's own ``ui.data`` calls during an AppTest run, then those
exact calls are timed directly, beside the queries one would write by hand for the same
results (:mod:`bench.best_sql`).
"""
