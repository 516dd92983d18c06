# Two commands do everything on a fresh machine:
#   make demo   set up .venv, install kg, build the shipped sample into output/
#   make test   set up .venv with the test extras (a CPU build of torch, then HanLP), run the tests
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
# torch before HanLP: pinned, so pip takes the CPU build where one is provided (this
# project's machines) instead of resolving a multi-GB CUDA build for HanLP.
TORCH  ?= torch==2.13.0

.PHONY: demo test bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e '.[test,hanlp]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/kg build kg/data/sample -o output

test: $(VENV)/.installed-test
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) bench/bench_build.py
	$(PY) bench/bench_rdf.py
	$(PY) bench/bench_html.py
	if [ -f models/msra/config.json ]; then $(PY) bench/bench_ner.py --model models/msra; \
	else echo 'bench_ner.py skipped: no models/msra (train it: README, HanLP section)'; fi

clean:
	rm -rf output/graph.* output/*.csv .pytest_cache
