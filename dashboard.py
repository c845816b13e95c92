"""安全社区建设监管平台 — the Streamlit entry: the frame (page config, sidebar, navigation), then the page.

Run with ``streamlit run dashboard.py``.  The database is ``DATABASE_URL`` or, by
default, an embedded SQLite file created and filled with the sample programmes on
first start.
"""

from ui.frame import draw_frame, run

run(draw_frame())
