"""Sapat: monitoring the quality of education."""
