# Factcheck desk: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PASSWORD ?= factcheck-demo

# Local development: DEBUG on unless the caller says otherwise.
export DEBUG ?= 1
export DEMO_PASSWORD
# Links in exports point at the port `make run` serves on, unless the caller says otherwise.
export FACTCHECK_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run worker test setup demo screenshots lint format clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

setup: $(VENV)/.installed

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "Factcheck desk is at http://127.0.0.1:$(PORT)/"
	@echo "Log in as editor, editor2, reporter or viewer; password: $(DEMO_PASSWORD)"
	@echo "(with one background worker; Ctrl-C stops both)"
	@echo ""
	WEB_PORT=$(PORT) $(VENV)/bin/honcho start web worker

# One more background worker, on the backend FACTCHECK_TASKS_BACKEND chooses (database or rq).
worker: setup
	$(PY) manage.py run_worker

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -r factcheck -c pyproject.toml -q
	$(VENV)/bin/pytest

# README screenshots from a fresh demo database, so they never show local experiments.
screenshots: setup
	@tmp=$$(mktemp -d) && export DATABASE_URL="sqlite:///$$tmp/screenshots.sqlite3" && \
	$(PY) manage.py migrate --noinput --verbosity 0 && \
	$(PY) manage.py create_demo_users >/dev/null && \
	$(PY) manage.py load_demo --verbosity 0 && \
	$(PY) manage.py take_screenshots; status=$$?; rm -rf "$$tmp"; exit $$status

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
