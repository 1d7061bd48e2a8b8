"""placeholder"""
import streamlit as st

from techmarket import ui

st.title("data")
