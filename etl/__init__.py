"""Ingestion: readers, normalisation, validation, atomic loading and the demo registry.

Run as `python -m etl load|demo|init|versions|rollback` (README, "Loading real files": a contract with users' scripts).
"""
