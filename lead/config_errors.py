"""Configuration errors end the process with one line that says what to set, not a traceback."""

import sys


def refuse_to_start(message: str) -> None:
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(2)
