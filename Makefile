# Workfair: two commands do all the set-up. `make run` serves the marketplace with demo data on
# SQLite; `make test` runs the whole suite. Set DATABASE_URL to test on PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck check-migrations ci install bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -r requirements.lock
	$(BIN)/python -m pip install -qq --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	PORT=$(PORT) $(BIN)/workfair run --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

check-migrations: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m benchmarks --help

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Mutation testing of the money code (not in CI; minutes on an idle machine): what is mutated and
# which tests run is [tool.mutmut] in pyproject.toml; the figures are in docs/benchmarks.md.
.PHONY: mutation
mutation: $(STAMP)
	$(BIN)/python -m pip install -qq -r requirements-mutation.lock
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut results --all true | $(BIN)/python -m benchmarks.mutation_score
