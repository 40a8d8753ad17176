"""Vigil's Streamlit app: login, the page list per role, and thin pages over the services."""
