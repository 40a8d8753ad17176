"""Liaison: the victims' hotline desk, the platform directory and deadlines, police evidence.

No Streamlit here; pages in `app/views/` call these services.
"""
