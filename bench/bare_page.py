"""The floor for timing a page in the browser: a bare Streamlit page with a sidebar of five
selects, a title, a metric, one small Altair chart and a small table.

``python -m bench --browser`` serves it beside the dashboard and times it in fresh tabs in
the same run as the pages, which it reports as ratios to it: absolute times move with the
machine's load, the ratio much less.  Kept exactly as it was measured (README, "Benchmark").
"""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(layout="wide")
with st.sidebar:
    for k in ["语言", "城市", "区县", "方案", "月份"]:
        st.selectbox(k, ["a", "b", "c"], key=k)
st.title("基线页面")
st.metric("x", 1)
st.altair_chart(alt.Chart(pd.DataFrame({"a": [1, 2], "b": [3, 4]})).mark_bar().encode(x="a", y="b"))
st.dataframe(pd.DataFrame({"a": range(20)}))
