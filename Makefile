# The one list of commands people run. Python 3.11 and make are all a fresh machine needs.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench install clean browsers

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the embedded SQLite database, load demo data once, serve with a worker.
## The demo runs as in production (DEBUG off: real error pages) but over plain HTTP on localhost;
## DEBUG=1 make run gives Django's debug pages.
RUN_ENV = DEBUG=$${DEBUG:-0} FORECOURT_HTTPS=$${FORECOURT_HTTPS:-0} FORECOURT_MESSAGE_BACKEND=$${FORECOURT_MESSAGE_BACKEND:-file}
run: install
	$(RUN_ENV) $(BIN)/forecourt migrate --noinput
	$(RUN_ENV) $(BIN)/forecourt collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/forecourt seed_demo
	@echo "Messages (OTPs) go to the file outbox var/outbox/ unless FORECOURT_MESSAGE_BACKEND says otherwise."
	$(RUN_ENV) HOST=$(HOST) PORT=$(PORT) $(BIN)/forecourt serve --host $(HOST) --port $(PORT)

## make test: install dev dependencies, check, lint, type-check and run the whole suite
test: install browsers
	DEBUG=0 $(BIN)/forecourt check --fail-level WARNING
	DEBUG=0 $(BIN)/forecourt makemigrations --check --dry-run --verbosity 0
	$(BIN)/ruff check src bench
	$(BIN)/mypy src/forecourt
	$(BIN)/pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

## Debian's chromium drives the browser tests; Playwright cannot download browsers here.
browsers:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "chromium could not be installed: browser tests will be skipped"; \
		else echo "chromium not found: browser tests will be skipped"; fi; \
	fi

lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy src/forecourt

bench: install
	DEBUG=0 $(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/ staticfiles/
