# One task runner: `make run` starts the web app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench clean

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

# The whole suite on SQLite; then, when BACKRUB_TEST_POSTGRES_URL names a PostgreSQL
# connection that may CREATE DATABASE (as .ci/run sets it), again on PostgreSQL with a
# fresh database per test (tests/databases.py). The second pass runs only the tests
# marked `database` (those that use a journal), less the `sqlite_only` ones: the rest,
# such as the 10,000-example planner test, touch no database and ran in the first pass.
test: $(TEST_STAMP) lint
	env -u BACKRUB_TEST_POSTGRES_URL $(BIN)/python -m pytest
ifdef BACKRUB_TEST_POSTGRES_URL
	$(BIN)/python -m pytest -m "database and not sqlite_only"
endif

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Each line: a figure, its target, PASS or MISS (docs/benchmarks.md). BENCH_SECONDS=2 for a
# quick run; BACKRUB_BENCH_ROOT=DIR measures another checkout installed in DIR/.venv.
BENCH_SECONDS ?= 10
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py --seconds $(BENCH_SECONDS)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
