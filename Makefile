# A newcomer's entry points: `make run` starts the app on SQLite, `make test` runs every test but the browser ones (`make test-browser`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := webapp:create_app

.PHONY: run test test-postgres test-browser lint bench install db clean translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

db: $(STAMP)
	$(BIN)/flask db upgrade

run: db
	$(BIN)/flask instrument validate
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/pytest -q -m "not browser"

test-postgres: $(STAMP)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest -q -m "not browser"

# Chromium (apt-get install chromium), Java and the pinned axe-core and vnu-jar (npm ci).
test-browser: $(STAMP) node_modules/.package-lock.json
	$(BIN)/pytest -q -m browser tests/browser

node_modules/.package-lock.json: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

lint: $(STAMP)
	$(BIN)/ruff check forms reports webapp tests bench

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations
	$(BIN)/pybabel compile -d webapp/translations

clean:
	rm -rf $(VENV) instance/*.sqlite3
