# `make run` and `make test` are all a fresh clone needs (see README.md).
VENV   := .venv
PYTHON := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run serve test lint bench translations demo plotly clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -e .
	touch $@

# PostgreSQL's driver is an extra: `make run` needs only SQLite; serve, test (and so CI) install it.
$(VENV)/.installed-postgresql: pyproject.toml | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -e '.[postgresql]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -e '.[dev]'  # dev includes the postgresql extra
	touch $@ $(VENV)/.installed-run $(VENV)/.installed-postgresql

# Run $(1) with the job worker (e-mail) beside it in the background; stopping the site stops the worker too.
# Workers on other machines: docs/deploy.md.
define with_worker
	$(FLASK) jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(1)
endef

## Create or upgrade the database, load the questionnaires and serve the site on http://$(HOST):$(PORT)
run: $(VENV)/.installed-run
	$(FLASK) db upgrade
	$(FLASK) questionnaires load
	@$(call with_worker,$(FLASK) run --host $(HOST) --port $(PORT))

## The same with gunicorn, the production server (settings in roadmap/gunicorn_conf.py; docs/deploy.md)
serve: $(VENV)/.installed-postgresql
	$(FLASK) db upgrade
	$(FLASK) questionnaires load
	@$(call with_worker,HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c python:roadmap.gunicorn_conf wsgi:app)

## The whole suite: on SQLite, and at the same time on PostgreSQL when TEST_DATABASE_URL is set, each in one
## pytest-xdist worker per core (on PostgreSQL each worker in a schema of its own); there without the tests that
## never reach the database, the browser tests (the pages they drive are tested on PostgreSQL through the test
## client) and the PDF layout tests; then, when REDIS_URL is set, the tests marked `redis` against it (the full runs
## skip them, saying why). PARALLEL= (empty) runs each in one process.
PARALLEL ?= -n auto --dist loadfile
test: $(VENV)/.installed-dev
	$(PYTHON) -m ruff check roadmap tests benchmarks
	$(PYTHON) -m mypy
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		env -u TEST_DATABASE_URL -u REDIS_URL $(PYTHON) -m pytest $(PARALLEL) || exit 1; \
	else \
		echo "== on SQLite and on PostgreSQL side by side; PostgreSQL's report follows SQLite's =="; \
		env -u REDIS_URL $(PYTHON) -m pytest $(PARALLEL) -p no:cacheprovider \
			-m "not database_free and not browser and not pdf_layout" \
			> .pytest-postgresql.log 2>&1 & postgresql=$$!; \
		env -u TEST_DATABASE_URL -u REDIS_URL $(PYTHON) -m pytest $(PARALLEL); sqlite=$$?; \
		wait $$postgresql; postgresql=$$?; \
		echo "== on PostgreSQL ($$TEST_DATABASE_URL) =="; cat .pytest-postgresql.log; \
		test $$sqlite -eq 0 && test $$postgresql -eq 0 || exit 1; \
	fi
	@if [ -n "$$REDIS_URL" ]; then \
		echo "== the tests marked redis, against $$REDIS_URL =="; \
		env -u TEST_DATABASE_URL $(PYTHON) -m pytest -p no:cacheprovider -m redis; \
	fi

lint: $(VENV)/.installed-dev
	$(PYTHON) -m ruff format roadmap tests
	$(PYTHON) -m ruff check --fix roadmap tests
	$(PYTHON) -m mypy

## Extract UI strings and update the Dutch catalogue; compile it
translations: $(VENV)/.installed-dev
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o roadmap/translations/messages.pot --no-location --sort-output --omit-header .
	$(VENV)/bin/pybabel update -i roadmap/translations/messages.pot -d roadmap/translations --no-wrap --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -d roadmap/translations

## Load the demo consultant with a dozen fictional clients and print how to log in (README, "Demo")
demo: $(VENV)/.installed-run
	$(FLASK) db upgrade
	$(FLASK) questionnaires load
	$(FLASK) demo load

## PDF report timings, prepared reports, the chart browser, the consultant's pages at 1,000 and 10,000 clients, then HTTP load (docs/benchmarks.md)
bench: $(VENV)/.installed-dev
	$(PYTHON) -m benchmarks

## Rebuild static/js/plotly.min.js: plotly.js with only the trace types the site draws (tools/plotly/README.md)
plotly:
	cd tools/plotly && npm ci --ignore-scripts && node build.mjs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
