# `make demo` and `make test` are all a fresh machine needs (Python 3.11+, Node.js with npm, make).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed

.PHONY: install demo test lint format bench

install: $(PY_STAMP) $(JS_STAMP)

$(PY_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,local]'
	touch $@

$(JS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving at http://127.0.0.1:8000 (Ctrl-C stops the app and its database)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Builds 1,000- and 10,000-participant programs (BENCH_PARTICIPANTS sets the large one), times
# the key pages, load-tests under gunicorn and checks the targets: see docs/performance.md.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -q -ll -r lead participants referrals casework coordination reports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
