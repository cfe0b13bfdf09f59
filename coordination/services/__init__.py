"""Writes for coordination. Each takes the acting user and writes the audit row."""
