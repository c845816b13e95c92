"""The oversight rules (attainment, scoring, reporting status), the UI's messages and the CLI.

Plain functions over data: nothing here imports Streamlit or reads the database itself.
"""
