# Two commands on a fresh machine with python3 (3.11) and make: `make report` and `make test`.
# Each creates .venv/ when missing and installs exactly the hashed versions in requirements.lock
# with uv (itself pinned and hashed, in requirements-setup.lock), then the project, editable.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV     := $(BIN)/uv
PYTEST_NB := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 600
CHROMIUM  ?= /usr/bin/chromium

# Three compiled, hashed locks (`make lock`), one per use; tests/test_locks.py checks them:
#   requirements-setup.lock    the `setup` extra: uv and the build backend, installed by pip
#   requirements.lock          runtime + test + setup: what `make setup` syncs the venv to
#   requirements-browser.lock  the same plus the `browser` extra, for `make test-browser`
# The other two are compiled with `-c requirements.lock`: a package they share with it has the
# same version and hashes.
LOCK_FLAGS := --generate-hashes --python-version 3.11.7
BROWSER_STAMP := $(VENV)/.browser

# The venv's bytecode is written as its modules are first imported, even where the caller's
# environment sets PYTHONDONTWRITEBYTECODE=1 (CI machines do): otherwise every process of every
# command compiles pandas again (a kernel's imports take 3.1 s instead of 1.0 s).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup test test-fast test-browser report bench lab validate notebooks lock clean

setup: $(STAMP)

# uv (and setuptools and wheel) before anything else, with pip --require-hashes.
$(UV): requirements-setup.lock
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is required (found %d.%d); set PYTHON=/path/to/python3.11" % v)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --require-hashes --no-deps -r requirements-setup.lock
	@touch $@

$(STAMP): $(UV) pyproject.toml requirements.lock
	@# exactly the lock, and no bytecode yet: of the venv's 7,854 modules a report imports about
	@# 1,650 and the tests some more. Each is compiled the first time a command here imports it and
	@# kept beside its source (PYTHONDONTWRITEBYTECODE is unexported above: every later kernel
	@# then imports in a third of the time), where compiling all of them took 18 s of set-up.
	@echo "setup: $$(grep -c '^[a-z0-9]' requirements.lock) locked packages into $(VENV)/ (uv, hashes checked)"
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock
	@echo "setup: the project itself, editable, built offline by the locked setuptools"
	$(UV) pip install --quiet --python $(BIN)/python --offline --no-deps --no-build-isolation -e .
	@echo "setup: done ($(VENV)/); each module is compiled to bytecode the first time it is imported"
	@touch $@

test: $(STAMP)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_NB) -n 2 --dist loadfile --durations=25 --ignore=tests/browser tests notebooks

# The inner loop, in seconds: ruff and every test that starts no kernel, but the sweeps (a test
# over every chart, table, format or report that takes over 0.2 s: `make test` runs them).
test-fast: $(STAMP)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -p no:nbval -m "not slow and not sweep" -q -n 2 --ignore=tests/browser tests

# The browser lock on top: the same packages at the same versions, plus playwright and its own.
$(BROWSER_STAMP): $(STAMP) requirements-browser.lock
	$(UV) pip install --python $(BIN)/python --require-hashes --no-deps -r requirements-browser.lock
	@touch $@

# The landing pages and every report of reports/ (run `make report` first) in headless Chromium,
# Debian's (apt-get install chromium); screenshots go to reports/screenshots/.
test-browser: $(BROWSER_STAMP)
	@test -x $(CHROMIUM) || { echo "test-browser needs Chromium at $(CHROMIUM): apt-get install chromium (or CHROMIUM=/path/to/chromium)"; exit 1; }
	@test -f reports/index.html || { echo "no reports/index.html: run make report first"; exit 1; }
	rm -rf reports/screenshots
	SDPW_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser

report: $(STAMP)
	$(BIN)/python -m analysis run

# Loading, each notebook against a floor notebook, --jobs 1 vs 2, growth from 2 to 16 districts.
bench: $(STAMP)
	$(BIN)/python -m analysis bench

# JupyterLab on the notebooks, trusted, without the news pop-up, with the CJK font; as root too.
lab: $(STAMP)
	$(BIN)/python -m analysis lab

validate: $(STAMP)
	$(BIN)/python -m analysis validate

# After changing data or code: re-execute the committed notebooks and redraw the README figures.
notebooks: $(STAMP)
	$(BIN)/python -m analysis refresh
	$(BIN)/python -m analysis figures
	$(BIN)/python -m analysis.docs.blocks

# Re-pin every dependency after editing pyproject.toml, with hashes; commit the three locks.
# Versions already in a lock are kept unless pyproject.toml needs others (add --upgrade-package
# NAME to move one); the setup and browser locks follow requirements.lock (-c).
lock: $(UV)
	$(UV) pip compile pyproject.toml --extra test --extra setup $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/python -c 'import sys, tomllib; print(*tomllib.load(sys.stdin.buffer)["project"]["optional-dependencies"]["setup"], sep="\n")' < pyproject.toml \
		| $(UV) pip compile - -c requirements.lock $(LOCK_FLAGS) -o requirements-setup.lock
	$(UV) pip compile pyproject.toml --extra test --extra setup --extra browser -c requirements.lock \
		$(LOCK_FLAGS) -o requirements-browser.lock

clean:
	rm -rf $(VENV) reports .cache
