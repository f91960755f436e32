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

run: build
	@echo "Serving the knowledge base on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind $(HOST) --directory site $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf site .site-builds instance .pytest_cache .mypy_cache .ruff_cache
