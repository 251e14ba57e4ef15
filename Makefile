# pracbase: two commands do everything on a fresh machine (Python 3.11, make).
#   make site   set up, validate the records and build the site into site/
#   make test   set up (browser included) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test lint bench browser clean messages lock mutation

# Install exactly the locked versions (hash-checked, nothing resolved), then pracbase itself
# without its dependencies and with the locked setuptools (no build isolation: no resolving again).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Refresh requirements.lock to the newest versions pyproject.toml allows (commit it on its own).
# One package: make lock LOCK_ARGS="--upgrade-package pyyaml".
LOCK_ARGS ?= --upgrade
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --no-emit-package pracbase $(LOCK_ARGS) -o requirements.lock

site: $(STAMP)
	$(BIN)/pracbase validate
	$(BIN)/pracbase stats | head -5
	$(BIN)/pracbase build

serve: $(STAMP)
	$(BIN)/pracbase serve

# Debian's Chromium drives the browser tests (Playwright never downloads a browser); Debian's
# Node runs the study-visit planner's JavaScript for its parity test (tests/test_planner.py).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@command -v node >/dev/null 2>&1 || { \
	  echo "installing Debian's nodejs for the planner's parity test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; }

# axe-core, for the accessibility tests: exactly package-lock.json's version (Debian's npm when none).
AXE := node_modules/.installed
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian's npm for the accessibility tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund
	touch $(AXE)

test: $(STAMP) browser $(AXE)
	$(BIN)/ruff check pracbase tests scripts
	$(BIN)/mypy
	$(BIN)/pracbase validate
	$(BIN)/pracbase fmt --check
	$(BIN)/pytest

# Refresh the site's interface catalogs (pracbase/locale/*/LC_MESSAGES/messages.po) from the
# code, then translate the new empty entries: tests/test_site_i18n.py fails until they are.
# A new language: pybabel init -i .cache/messages.pot -d pracbase/locale -D messages -l xx
messages: $(STAMP)
	mkdir -p .cache
	$(BIN)/pybabel extract -F babel.cfg -k Nn_:1,2 --add-location=file --sort-output --no-wrap -o .cache/messages.pot .
	$(BIN)/pybabel update -i .cache/messages.pot -d pracbase/locale -D messages --no-wrap \
	  --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date

# Figures of docs/benchmarks.md: 10,000 generated practices (cached in .cache/bench/), about 15 minutes
# on 2 cores. Smaller or machine-readable: make bench BENCH_ARGS="--practices 1000 --json".
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Mutation testing of loader, models, peers, graph, export and site/markup with their tests
# ([tool.mutmut] in pyproject.toml; see docs/testing.md). Hours on 2 cores: one module with
# make mutation MUTANTS="pracbase.site.markup*". Then `.venv/bin/mutmut results`.
MUTANTS ?=
mutation: $(STAMP)
	$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) site build .pytest_cache .ruff_cache .cache mutants
