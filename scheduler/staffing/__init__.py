"""Staffing model: demand forecast, staff needed per hour and task, and the headcount planner.

Pure domain code over plain dataclasses, pandas and numpy; no database and no Streamlit.
"""
