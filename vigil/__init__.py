"""Vigil's shared kernel: settings, the database, people and their roles.

`review/` and `scheduler/` both build on this package; it imports neither of them nor Streamlit.
"""
