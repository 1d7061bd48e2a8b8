"""Ingestion: readers, normalisation, validation, atomic loading and the demo registry.

Run as `python -m etl load|demo|init` (see ../shared/DESIGN.md, command-line contract).
"""
