# The two commands of the README:
#   make map    set up .venv and write the default map (out/durand_line.html)
#   make test   set up .venv, type-check borderkit/ and run the test suite (with the docstring examples)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: map test lint data screenshot clean

# Byte-compile borderkit first: an editable install is not compiled by pip, and with
# PYTHONDONTWRITEBYTECODE set Python would compile its 80 modules again on every run
# (0.2-0.3 s of the 2-3 s map). Files already compiled and unchanged are skipped.
map: $(STAMP)
	$(BIN)/python -m compileall -q borderkit
	$(BIN)/borderkit map --out out/durand_line.html

# mypy reads [tool.mypy] in pyproject.toml (files = borderkit); pytest runs tests/ and the
# examples in borderkit's docstrings ([tool.pytest.ini_options]).
test: $(STAMP)
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check borderkit tests scripts conftest.py
	$(BIN)/mypy

# Retake docs/screenshot.png (needs /usr/bin/chromium: apt-get install chromium).
screenshot: $(STAMP)
	$(BIN)/python scripts/screenshot.py

# Rebuild borderkit/data/ from the registries (needs npm and apt-get).
data: $(STAMP)
	$(BIN)/python scripts/build_data.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .hypothesis
