# A newcomer's entry points: `make run` starts the app on SQLite, `make test` runs every test but the browser ones (`make test-browser`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := webapp:create_app
# `make run PORT=5001` serves on another port.
PORT ?= 5000

.PHONY: run demo test test-postgres test-browser lint bench install db clean translations lock

# Exact versions: requirements.lock (production: `pip install -r requirements.lock && pip install --no-deps .`)
# and requirements-test.lock (this install, CI). `make lock` rebuilds both from pyproject.toml.
LOCK := requirements-test.lock
COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links

# pip's output goes to a log that is shown only when the install fails.
$(STAMP): pyproject.toml $(LOCK)
	@echo "Installing the app and its dependencies into $(VENV) (a minute or two the first time)..."
	@$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/pip install --upgrade pip && $(BIN)/pip install -r $(LOCK) && $(BIN)/pip install --no-deps -e .; } > $(VENV)/install.log 2>&1 \
		|| { cat $(VENV)/install.log; echo "The install failed: the log above is also in $(VENV)/install.log"; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

db: $(STAMP)
	$(BIN)/flask db upgrade

run: db
	@$(BIN)/python -m webapp.devport $(PORT)
	$(BIN)/flask instrument validate
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Demo data for the admin side: synthetic responses and an account (password asked for, or $$ADMIN_PASSWORD).
DEMO_ADMIN ?= demo@example.org
demo: db
	$(BIN)/flask admin seed 500
	@$(BIN)/flask admin create $(DEMO_ADMIN) || echo "Keeping the existing account $(DEMO_ADMIN)."
	@echo "Now run 'make run' and sign in as $(DEMO_ADMIN) at http://127.0.0.1:$(PORT)/admin/"

test: $(STAMP)
	$(BIN)/pytest -q -m "not browser and not postgres"

test-postgres: $(STAMP)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest -q -m "not browser"

# Chromium (apt-get install chromium), Java and the pinned axe-core and vnu-jar (npm ci).
test-browser: $(STAMP) node_modules/.package-lock.json
	$(BIN)/pytest -q -m browser tests/browser

node_modules/.package-lock.json: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# bandit: every finding left is marked in the code with `# nosec <test> # <reason>`.
lint: $(STAMP)
	$(BIN)/ruff check forms reports webapp tests bench
	$(BIN)/mypy
	$(BIN)/bandit --quiet --severity-level low -r forms reports webapp 2>/dev/null

lock: $(STAMP)
	$(COMPILE) --output-file requirements.lock pyproject.toml
	$(COMPILE) --extra test --extra otel --unsafe-package reengage --output-file $(LOCK) pyproject.toml

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# One catalogue for the web app and the PDFs (reports/ gets the web app's gettext passed in).
# Only the app's own packages are scanned (babel.cfg), never .venv or node_modules.
# After `make translations`, translate the new or fuzzy entries in the .po files, then run it again
# (or `pybabel compile -d webapp/translations`); commit the .pot, .po and .mo files.
TRANSLATIONS := webapp/translations
MESSAGE_SOURCES := webapp forms reports

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --sort-by-file --no-wrap \
		--project reengage --copyright-holder "" --msgid-bugs-address "" \
		-o $(TRANSLATIONS)/messages.pot $(MESSAGE_SOURCES)
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

clean:
	rm -rf $(VENV) instance/*.sqlite3
