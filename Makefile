# Two commands on a fresh machine with python3 (3.11) and make: `make report` and `make test`.
# Each creates .venv/ when missing and installs the exact versions in requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_NB := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: setup test test-fast report bench lab validate notebooks lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is required (found %d.%d); set PYTHON=/path/to/python3.11" % v)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps --no-build-isolation -e .
	@touch $@

test: $(STAMP)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/python -m pytest $(PYTEST_NB) tests notebooks

# The inner loop: ruff and every test that starts no kernel, in seconds.
test-fast: $(STAMP)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/python -m pytest -m "not slow" -q tests

report: $(STAMP)
	$(BIN)/python -m analysis run

# Loading, each notebook against a floor notebook, --jobs 1 vs 2, growth from 2 to 16 districts.
bench: $(STAMP)
	$(BIN)/python -m analysis bench

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

validate: $(STAMP)
	$(BIN)/python -m analysis validate

# After changing data or code: re-execute the committed notebooks and redraw the README figures.
notebooks: $(STAMP)
	$(BIN)/python -m analysis refresh
	$(BIN)/python -m analysis figures

# Re-pin every dependency after editing pyproject.toml; commit the result.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check wheel==0.45.1 -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -v '^pip==' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) reports
