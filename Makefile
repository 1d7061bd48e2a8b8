# The two commands a newcomer needs: `make run` (the dashboard on demo data) and `make test-all` (every
# test, what CI runs). `make test` is the quick loop while working: unit, ETL, AppTest and exports,
# without the browser, the concurrency run, the kill -9 faults and the benchmark smoke run.
# Each sets up what it needs first: a virtualenv with the pinned requirements and, where this user may
# install them, Debian's packages (scripts/system-packages.sh): fonts-noto-cjk for run, and chromium and
# poppler-utils as well for the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-all setup system lint bench demo

run: setup
	@scripts/system-packages.sh fonts-noto-cjk
	$(PY) -m techmarket.serving.run --port $(PORT)

test: setup system
	$(PY) -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

test-all: setup system lint node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed

# npm packages the browser tests use (axe-core, pinned in package-lock.json and checked against its integrity).
node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	$(PY) scripts/npm_packages.py
	touch $@

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

system:
	@scripts/system-packages.sh

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

demo: setup
	$(PY) -m etl demo

bench: setup
	$(PY) -m bench --contracts 1000000
