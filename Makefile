# Deskbook: `make run` sets everything up and serves the product; `make test` passes every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint build check clean translations messages cli lexicon

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Deskbook needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	@touch $(STAMP)

# The portal's translations: each portal/translations/<lang>/LC_MESSAGES/messages.po (kept in
# git, written by people) compiled into the messages.mo beside it (never committed).
CATALOGUES := $(wildcard portal/translations/*/LC_MESSAGES/messages.po)
translations: $(CATALOGUES:.po=.mo)

%/LC_MESSAGES/messages.mo: %/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/python -m portal.i18n.catalogues $<

# After adding or changing text in the portal: gather every marked string into the catalogues
# (new ones arrive empty, for a translator; tests/portal/test_translations.py names them).
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k lazy_gettext -k N_ --sort-output --add-location=file \
	  --no-wrap -o portal/translations/messages.pot .
	$(BIN)/pybabel -q update -i portal/translations/messages.pot -d portal/translations \
	  --no-fuzzy-matching --ignore-obsolete --no-wrap

# After editing the built-in lexicon (search/lexicon/*.yml): write the compiled.json searching
# processes read (tests/search/test_lexicon.py fails while the two differ).
lexicon: $(STAMP)
	$(BIN)/python -m search.lexicon

# `deskbook` on your PATH: a two-line wrapper in $(PREFIX)/bin (default ~/.local/bin) that runs
# this checkout's command (run it from the Deskbook folder: its settings are found from there).
# Or activate the virtual environment instead: `. .venv/bin/activate`.
PREFIX ?= $(HOME)/.local
cli: $(STAMP)
	@mkdir -p "$(PREFIX)/bin"
	@printf '#!/bin/sh\nexec "%s/$(BIN)/deskbook" "$$@"\n' "$(CURDIR)" > "$(PREFIX)/bin/.deskbook.tmp"
	@chmod 755 "$(PREFIX)/bin/.deskbook.tmp" && mv "$(PREFIX)/bin/.deskbook.tmp" "$(PREFIX)/bin/deskbook"
	@echo "installed $(PREFIX)/bin/deskbook"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "note: $(PREFIX)/bin is not on your PATH; add it (e.g. in ~/.profile)";; esac

build: $(STAMP) translations
	$(BIN)/deskbook build

check: $(STAMP)
	$(BIN)/deskbook check

# Build the site and index, create/upgrade the database (a new one prints the starter accounts'
# one-time passwords), then serve the portal with the site behind sign-in.
run: $(STAMP) translations
	$(BIN)/deskbook build --if-changed
	$(BIN)/deskbook init
	$(BIN)/deskbook serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Everything on SQLite, then the portal's tests again on a throwaway PostgreSQL server
# (scripts/with-postgres.sh) when one can be started here.
test: lint translations
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
