# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   set up .venv with rcml alone, lint the bundled demo site, then serve it
#               (prints the URL; another port with `make demo PORT=9000`)
#   make test   set up .venv with the test extra and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
PORT ?= 8080

.PHONY: demo test test-all lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $(DEMO_STAMP)

# The demo needs rcml alone, not the test tools.
$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/rcml lint --site templates/
	@echo "Serving the demo site: open the URL below (Ctrl-C to stop)."
	$(BIN)/rcml serve templates/ --port $(PORT)

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
	$(BIN)/python benchmarks/bench_simulate.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
