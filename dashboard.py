"""安全社区建设监管平台 — the Streamlit entry: page config, shared filters, navigation.

Run with ``streamlit run dashboard.py``.  The database is ``DATABASE_URL`` or, by
default, an embedded SQLite file created and filled with the sample programmes on
first start.
"""

import streamlit as st

from oversight.i18n import translate
from ui import filters

# (script, message key of its title, icon); the first is the home page.
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:"),
]

st.set_page_config(page_title="安全社区建设监管平台", page_icon=":material/shield:", layout="wide")

chosen = filters.sidebar_filters()
st.session_state["filters"] = chosen
page = st.navigation(
    [
        st.Page(script, title=translate(title, chosen.lang), icon=icon, default=index == 0)
        for index, (script, title, icon) in enumerate(PAGES)
    ]
)
st.sidebar.caption(translate("app.sample_note", chosen.lang))
for notice in chosen.notices:
    st.warning(notice)
page.run()
