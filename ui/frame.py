"""The frame around every page: the sidebar filters, the navigation and URL notices.

``dashboard.py`` draws it and then runs the chosen page.  It is a function rather than
the entry script's body because Streamlit, on a freshly started server whose folder has
a ``pages/`` directory, serves the first request for a page's own URL (``/community?…``)
by running that page alone; :func:`current` then draws the frame itself.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from oversight.access import WRITES, OutOfScope, Scope
from oversight.i18n import translate
from ui import auth, filters

# (script, message key of its title, icon, what the user needs to see it: an action of
# oversight.access, "write" for any of its WRITES, or "read:<level>" for reading a region
# of that level or a larger one); the first the user may see is home.  docs/scoping.md
# says why each page needs what it needs.
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:", "read:county"),
    ("pages/district.py", "district.nav", ":material/account_tree:", "read:county"),
    ("pages/heatmap.py", "heatmap.nav", ":material/grid_on:", "read:county"),
    ("pages/community.py", "community.nav", ":material/home_pin:", "read:unit"),
    ("pages/reporting.py", "reporting.nav", ":material/fact_check:", "read:unit"),
    ("pages/intake.py", "intake_page.nav", ":material/upload_file:", "write"),
    ("pages/circular.py", "circular_page.nav", ":material/campaign:", "read:city"),
    ("pages/archive.py", "archive.nav", ":material/inventory_2:", "read:city"),
    ("pages/audit.py", "audit.nav", ":material/manage_search:", "read_audit"),
]

LEVELS = ("province", "city", "county", "unit")
"""Region levels, largest first: a page needing ``read:county`` is offered to a user who
reads a county, a city or a province."""


def may_see(needs: str, scope: Scope) -> bool:
    """Whether a page needing ``needs`` (a PAGES entry's last field) is offered to ``scope``."""
    if needs == "write":
        return any(scope.can(action) for action in WRITES)
    action, _, level = needs.partition(":")
    if not level or scope.everything:
        return scope.can(action)
    widest = LEVELS.index(level)
    return any(LEVELS.index(place.level) <= widest for place in scope.places(action))


SIDEBAR_WIDTH = (300, 420)
"""The sidebar's width in pixels, least and most: Streamlit's own, widened up to the most
for a longer name in a chooser ("Suining Economic Development Zone" was cut at 300)."""
LETTER_PX, CHOOSER_CHROME_PX = 7.2, 96
"""Pixels per Latin letter of a chooser's text, and around it (the sidebar's padding, the
box's padding and arrow): measured at 1280 px in Chromium."""


def sidebar_width(widest_choice: int) -> int:
    """The sidebar width that shows an option ``widest_choice`` letters wide uncut."""
    least, most = SIDEBAR_WIDTH
    return max(least, min(most, round(widest_choice * LETTER_PX + CHOOSER_CHROME_PX)))


def draw_frame() -> StreamlitPage:
    """Set the page config, draw the sidebar and navigation; return the page the URL asks for.

    Nothing is drawn before a sign-in: without one, the sign-in form, and the run stops.
    The navigation is declared then too, hidden, so that the link's page (``/district?…``)
    is the one drawn once signed in."""
    scope = auth.session_scope()
    if scope is None:
        st.navigation(_pages(auth.page_language(), None), position="hidden")
        auth.sign_in_form()
        st.stop()
    chosen = filters.sidebar_filters(scope)
    st.set_page_config(
        page_title=translate("app.title", chosen.lang), page_icon=":material/shield:", layout="wide"
    )
    st.session_state["filters"] = chosen
    # Streamlit sizes the sidebar once, before the script names its choices (its
    # ``initial_sidebar_state`` width is ignored once the navigation has drawn it): a
    # least width, which a leader may still drag wider.
    st.html(
        '<style>section[data-testid="stSidebar"] '
        f"{{min-width: {sidebar_width(chosen.widest_choice)}px !important}}</style>"
    )
    pages = _pages(chosen.lang, scope)
    if not pages:
        st.error(translate("access.refused", chosen.lang))
        auth.user_box(scope, chosen.lang)
        st.stop()
    # A link to a page outside the user's pages runs the first of them (Streamlit's
    # fallback for a path it does not know, with its "page not found" note).
    page = st.navigation(pages)
    auth.user_box(scope, chosen.lang)
    with st.sidebar:
        auth.write_cookie()
    st.sidebar.caption(translate("app.sample_note", chosen.lang))
    for notice in chosen.notices:
        st.warning(notice)
    st.session_state[_FRAMED] = True
    return page


def offers(script: str) -> bool:
    """Whether the signed-in user's navigation holds the page ``script`` (a link to one
    it does not hold would fail)."""
    scope = auth.current_scope()
    return any(entry[0] == script and may_see(entry[3], scope) for entry in PAGES)


def run(page: StreamlitPage) -> None:
    """Run the chosen page; a read the user's scope does not allow stops it with the
    refusal, which names nothing of what was refused (``access.refused``), in place of
    whatever the page drew before it."""
    holder = st.empty()
    try:
        with holder.container():
            page.run()
    except OutOfScope:
        holder.error(translate("access.refused", st.session_state["filters"].lang))


_FRAMED = "frame-drawn"
"""Set by :func:`draw_frame` for the page that runs after it in the same run."""


def _pages(lang: str, scope: Scope | None) -> list[StreamlitPage]:
    """The pages ``scope`` may see (every page before a sign-in: the navigation is hidden
    then, and only keeps the link's page for after it)."""
    shown = [entry for entry in PAGES if scope is None or may_see(entry[3], scope)]
    return [
        st.Page(script, title=translate(title, lang), icon=icon, default=index == 0)
        for index, (script, title, icon, _) in enumerate(shown)
    ]


def current(needs_city: bool = True) -> filters.Filters:
    """The filters the frame drew in this run; a page calls this first.

    A page run without the entry script (a fresh server's first request for a page
    URL, or a rerun under AppTest) draws the frame itself first, then runs the page the
    navigation resolved as the entry script would (:func:`run`: a page outside the user's
    pages falls back to the first, a refused read shows the refusal) and stops this run
    of the page.  A later such run checks the sign-in (expiry, a disabled user) and shows
    the sign-in page when it no longer holds: every click is checked, whichever script
    runs.  Without a city (no programme in the database, or none the user reads) a page
    that ``needs_city`` stops: the frame has said what to do.  The audit page does not:
    an administrator reads no programme.
    """
    framed = st.session_state.pop(_FRAMED, False)
    if "filters" not in st.session_state:
        run(draw_frame())
        st.stop()
    if not framed and auth.session_scope() is None:
        draw_frame()
    st.session_state.pop(_FRAMED, None)
    chosen = st.session_state["filters"]
    if needs_city and chosen.city is None:
        st.stop()
    return chosen
