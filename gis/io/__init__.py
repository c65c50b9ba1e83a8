"""Readers and writers per format; reference data loading."""
