"""The library that pages, exports and command-line tools share (no Streamlit imports here)."""
