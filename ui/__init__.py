"""Streamlit glue shared by the pages: cached data, URL-bound filters, tables and charts."""
