# Two commands do everything on a fresh machine:
#   make demo   set up .venv, install kg, build the shipped sample into output/
#   make test   set up .venv with the test extras, run the test suite
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: demo test bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/kg build kg/data/sample -o output

test: $(VENV)/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) bench/bench_build.py

clean:
	rm -rf output/graph.* output/*.csv .pytest_cache
