"""The plain-Python core of selfcheck: content, answers, storage, scoring and reports.

Nothing in this package imports Textual or Rich (tests/test_layering.py proves it), so the
command line, the exports and scripts can use it without the full-screen app.
"""
