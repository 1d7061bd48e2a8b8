# The two commands a newcomer needs: `make run` (the dashboard on demo data) and `make test`.
# Both set up everything first: a virtualenv with the pinned requirements and, where this user
# may install them, Debian's chromium and fonts-noto-cjk.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test setup system lint bench demo

run: setup
	$(PY) -m techmarket.serving.proxy --port $(PORT)

test: setup system
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

system:
	@scripts/system-packages.sh

lint: setup
	$(PY) -m ruff check .

demo: setup
	$(PY) -m etl demo

bench: setup
	$(PY) -m bench --contracts 1000000
