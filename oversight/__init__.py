"""The oversight rules (attainment, scoring, reporting status) and the UI's messages.

Plain functions over data: nothing here imports Streamlit or reads the database itself
(``tests/oversight/test_purity.py`` checks it); the command line is in ``commands/``.
"""
