"""The frame around every page: the sidebar filters, the navigation and URL notices.

``dashboard.py`` draws it and then runs the chosen page.  It is a function rather than
the entry script's body because Streamlit, on a freshly started server whose folder has
a ``pages/`` directory, serves the first request for a page's own URL (``/community?…``)
by running that page alone; :func:`current` then draws the frame itself.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from oversight.i18n import translate
from ui import filters

# (script, message key of its title, icon); the first is the home page.
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:"),
    ("pages/district.py", "district.nav", ":material/account_tree:"),
    ("pages/heatmap.py", "heatmap.nav", ":material/grid_on:"),
    ("pages/community.py", "community.nav", ":material/home_pin:"),
]


def draw_frame() -> StreamlitPage:
    """Set the page config, draw the sidebar and navigation; return the page the URL asks for."""
    chosen = filters.sidebar_filters()
    st.set_page_config(
        page_title=translate("app.title", chosen.lang), page_icon=":material/shield:", layout="wide"
    )
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
    return page


def current() -> filters.Filters:
    """The filters the frame drew in this run; a page calls this first.

    A page run without the entry script (a fresh server's first request for a page
    URL) draws the frame itself first.  Without a city (no programme in the database)
    the page stops: the frame has said what to do.
    """
    if "filters" not in st.session_state:
        draw_frame()
    chosen = st.session_state["filters"]
    if chosen.city is None:
        st.stop()
    return chosen
