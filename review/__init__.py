"""Review domain: intake, cases, queue, decisions and takedowns (no Streamlit)."""
