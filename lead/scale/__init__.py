"""Synthetic programs at scale for benchmarks: `manage.py generate_scale_data`."""
