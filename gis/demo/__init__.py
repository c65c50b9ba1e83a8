"""Deterministic synthetic demo data for Gelderland and Overijssel (clearly marked as demo)."""
