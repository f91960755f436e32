# Deskbook: `make run` sets everything up and serves the product; `make test` passes every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint build check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Deskbook needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	@touch $(STAMP)

build: $(STAMP)
	$(BIN)/deskbook build

check: $(STAMP)
	$(BIN)/deskbook check

# Build the site and index, create/upgrade the database (a new one prints the starter accounts'
# one-time passwords), then serve the portal with the site behind sign-in.
run: $(STAMP)
	$(BIN)/deskbook build --if-changed
	$(BIN)/deskbook init
	$(BIN)/deskbook serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Everything on SQLite, then the portal's tests again on a throwaway PostgreSQL server
# (scripts/with-postgres.sh) when one can be started here.
test: lint
	$(BIN)/pytest
	@if scripts/with-postgres.sh true >/dev/null 2>&1; then \
	  echo "== Portal tests again on PostgreSQL (scripts/with-postgres.sh) =="; \
	  scripts/with-postgres.sh $(BIN)/pytest tests/portal; \
	elif [ -n "$$CI" ]; then \
	  echo "== CI needs PostgreSQL for the portal tests, but no server could be started (scripts/with-postgres.sh) ==" >&2; \
	  exit 1; \
	else \
	  echo "== PostgreSQL is not installed: the portal tests ran on SQLite only (apt-get install postgresql) =="; \
	fi

clean:
	rm -rf site .site-builds instance .pytest_cache .mypy_cache .ruff_cache
