# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   set up .venv, lint the bundled demo site, then serve it (prints the URL)
#   make test   set up .venv with the test extra and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-all lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# Compiled bytecode keeps `rcml` start-up fast even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q rcml
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rcml lint templates/
	@echo "Serving the demo site: open the URL below (Ctrl-C to stop)."
	$(BIN)/rcml serve templates/

test: $(STAMP)
	$(BIN)/ruff check rcml tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

# The instruction-count benchmarks' smoke tests: minutes under valgrind, so not in `make test`.
test-all: test
	$(BIN)/pytest -m valgrind

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_lint.py
	$(BIN)/python benchmarks/bench_builder.py
	$(BIN)/python benchmarks/bench_preflight.py
	$(BIN)/python benchmarks/bench_server.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
