"""Submissions coming in: workbooks and forms checked cell by cell, planned as a preview
of what would change, and written all at once or not at all (docs/templates.md)."""
