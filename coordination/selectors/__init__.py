"""Reads for coordination. Views reach coordination objects only through these."""
