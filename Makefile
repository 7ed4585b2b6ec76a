# Two commands on a fresh machine with python3 (3.11) and make: `make report` and `make test`.
# Each creates .venv/ when missing and installs exactly the hashed versions in requirements.lock
# with uv (itself pinned and hashed there).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV     := $(BIN)/uv
PYTEST_NB := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
CHROMIUM  ?= /usr/bin/chromium

# Packages that only `make test-browser` needs (the `browser` extra and what only it requires):
# `make setup` leaves them out, `make test-browser` adds them, hash-checked from the same lock.
# tests/test_browser_lock.py checks this list against the lock.
BROWSER_ONLY := greenlet playwright
BROWSER_STAMP := $(VENV)/.browser
# $(call lock_select,NAMES,1) is the lock's blocks (pin and hashes) of NAMES, ...,0 all others.
lock_select = awk -v want="$(1)" -v keep=$(2) 'BEGIN {n = split(want, w, " "); \
	for (i = 1; i <= n; i++) s[w[i]] = 1} /^[A-Za-z0-9]/ {name = $$0; sub(/==.*/, "", name); \
	inside = (name in s)} inside == keep' requirements.lock
# $(call lock_blocks,0) is the lock without BROWSER_ONLY, $(call lock_blocks,1) only those.
lock_blocks = $(call lock_select,$(BROWSER_ONLY),$(1))

.PHONY: setup test test-fast test-browser report bench lab validate notebooks lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is required (found %d.%d); set PYTHON=/path/to/python3.11" % v)'
	$(PYTHON) -m venv $(VENV)
	@# uv, pinned and hash-checked from the lock, then the lock itself: exactly these packages
	$(call lock_select,uv,1) > $(VENV)/uv-requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-input --require-hashes --no-deps -r $(VENV)/uv-requirements.txt
	$(call lock_blocks,0) > $(VENV)/core-requirements.txt
	@# with bytecode for every module, once: each kernel then starts in half the time
	$(UV) pip sync --python $(BIN)/python --require-hashes --compile-bytecode $(VENV)/core-requirements.txt
	@# the package itself, importable from the checkout (what an editable install does, no build)
	$(BIN)/python -c 'import pathlib, site, sys; pathlib.Path(site.getsitepackages()[0], "sdpw.pth").write_text(sys.argv[1] + chr(10))' "$(CURDIR)"
	@touch $@

test: $(STAMP)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_NB) -n 2 --dist loadfile --ignore=tests/browser tests notebooks

# The inner loop: ruff and every test that starts no kernel, in seconds.
test-fast: $(STAMP)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -p no:nbval -m "not slow" -q -n 2 --ignore=tests/browser tests

$(BROWSER_STAMP): $(STAMP)
	$(call lock_blocks,1) > $(VENV)/browser-requirements.txt
	$(UV) pip install --python $(BIN)/python --require-hashes --no-deps \
		-r $(VENV)/browser-requirements.txt
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

# JupyterLab on the notebooks, trusted, without the news pop-up; as root too.
lab: $(STAMP)
	$(BIN)/python -m analysis lab

validate: $(STAMP)
	$(BIN)/python -m analysis validate

# After changing data or code: re-execute the committed notebooks and redraw the README figures.
notebooks: $(STAMP)
	$(BIN)/python -m analysis refresh
	$(BIN)/python -m analysis figures

# Re-pin every dependency after editing pyproject.toml, with hashes; commit the result. Versions
# already in the lock are kept unless pyproject.toml needs others (add --upgrade to move them).
lock: $(STAMP)
	$(UV) pip compile pyproject.toml --extra test --extra setup --extra browser --generate-hashes \
		--python-version 3.11.7 -o requirements.lock

clean:
	rm -rf $(VENV) reports .cache
