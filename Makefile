# One task runner: `make run` starts the web app, `make test` runs every check,
# `make check` the quick ones while you work.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test check lint bench load scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q src
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The web app on the embedded SQLite journal; it prints its address. HOST/PORT override.
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(STAMP)
	$(BIN)/backrub serve --host $(HOST) --port $(PORT)

# pytest on every core (pytest-xdist); each test has its own database and each worker
# its own browser server, so the tests need no order.
PYTEST := $(BIN)/python -m pytest -n auto

# The whole suite on SQLite; then, when BACKRUB_TEST_POSTGRES_URL names a PostgreSQL
# connection that may CREATE DATABASE (as .ci/run sets it), again on PostgreSQL with a
# fresh database per test (tests/support/databases.py). The second pass runs only the
# tests marked `database` (those that use a journal), less the `sqlite_only` ones: the
# rest, such as the planner's property test, touch no database and ran in the first
# pass. Hypothesis runs its `ci` profile (10,000 examples a property; tests/conftest.py),
# and each pass ends with its 20 slowest tests. A pass that collects no test fails.
test: export HYPOTHESIS_PROFILE = ci
test: $(TEST_STAMP) lint
	env -u BACKRUB_TEST_POSTGRES_URL $(PYTEST) --durations=20
ifdef BACKRUB_TEST_POSTGRES_URL
	$(PYTEST) --durations=20 -m "database and not sqlite_only"
endif

# The quick loop: ruff, the layers, and every test but the browser ones, with
# Hypothesis's `dev` profile (200 examples a property), on SQLite.
check: export HYPOTHESIS_PROFILE = dev
check: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	env -u BACKRUB_TEST_POSTGRES_URL $(PYTEST) -m "not browser"

# lint-imports checks the layers that [tool.importlinter] in pyproject.toml declares;
# vulture, code that nothing uses (at 80% confidence: imports, variables, unreachable
# code; below that it reports every route and template field, which FastAPI and Jinja use).
lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/vulture src tests benchmarks scripts --min-confidence 80
	$(BIN)/python scripts/audit.py

# Each line: a figure, its target, PASS or MISS (docs/benchmarks.md). BENCH_SECONDS=2 for a
# quick run; BACKRUB_BENCH_ROOT=DIR measures another checkout installed in DIR/.venv.
BENCH_SECONDS ?= 10
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py --seconds $(BENCH_SECONDS)

# Every page and API route of a person's day under load, then a 5-minute soak, on SQLite
# (one process) and, when LOAD_POSTGRES_URL names a database it may empty, on
# PostgreSQL with two workers; the tables go into docs/benchmarks.md. About 10 minutes
# a database.
load: $(TEST_STAMP)
	$(BIN)/python benchmarks/load_mix.py --postgres ""; sqlite=$$?; \
	if [ -n "$(LOAD_POSTGRES_URL)" ]; then \
		$(BIN)/python benchmarks/load_mix.py --postgres "$(LOAD_POSTGRES_URL)" || exit 1; \
	fi; exit $$sqlite

# One person's reads among 10,000 people x 300 sessions on PostgreSQL; SCALE_POSTGRES_URL
# names a database it may empty. The first run loads 3 million sessions with COPY (about
# 4 minutes and 2.3 GB on 2 cores); later runs measure the same data again.
scale: $(STAMP)
	@test -n "$(SCALE_POSTGRES_URL)" || { echo "make scale: set SCALE_POSTGRES_URL to a PostgreSQL database it may empty, e.g. postgresql+psycopg://user:password@127.0.0.1/backrub_scale" >&2; exit 2; }
	$(BIN)/python benchmarks/scale.py --url "$(SCALE_POSTGRES_URL)"

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .hypothesis
