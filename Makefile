# Set-up and everyday commands. Every target installs what it needs into .venv first.
VENV := .venv
PYTHON := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
# Material prints a notice about its successor on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1
# A trust's edition of the guideline (editions/<id>.yml): `make site EDITION=helse-fonna`, and the same for serve,
# preview, site-public, pr-check, approval-check and approve. Without it: the regional text. mkdocs.yml reads it.
EDITION ?=
export KOORD_EDITION := $(EDITION)

.PHONY: install lint serve preview site site-public test mutation schemas spelling pr-check approval-check approve bench clean

# The runtime (site build and tracker) and, for tests, the test tools on top. pip is not quiet: it names each
# package as it goes, so a first install is never a silent minute.
$(VENV)/.runtime: pyproject.toml
	@echo "==> Lagar $(VENV) og installerer det nettstaden og sporingstenesta treng (første gong tek det nokre minutt)"
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --progress-bar off -e .
	@# Our packages as bytecode, as pip leaves an installed package: installed editable, and where PYTHONDONTWRITEBYTECODE
	@# is set, every build compiled them again (0.06 s). Python still reads a changed source file, not a stale copy.
	$(PYTHON) -m compileall -q content plugins tools tracker
	touch $@

$(VENV)/.installed: $(VENV)/.runtime
	@echo "==> Installerer testverktøya"
	$(PYTHON) -m pip install --progress-bar off -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Build the site and serve it with the tracker on http://127.0.0.1:8000 (site at /, API at /api, SQLite in var/),
# after upgrading its database (koord-tracker upgrade keeps every row; the tracker refuses a database that is behind).
# Another port, as for preview: PORT=8011 make serve (KOORD_TRACKER_PORT works too). A taken port is found before
# the build, with one line on how to choose another; the tracker prints the address it actually listens on.
SERVE_PORT = $(if $(filter environment command line override,$(origin PORT)),--port $(PORT))
serve: $(VENV)/.runtime
	@$(VENV)/bin/koord-tracker serve --check-port $(SERVE_PORT)
	@echo "==> Oppgraderer databasen til sporingstenesta"
	@$(VENV)/bin/koord-tracker upgrade
	@echo "==> Byggjer nettstaden"
	$(MKDOCS) build
	@$(VENV)/bin/koord-tracker serve $(SERVE_PORT)

# For editors: live preview on http://127.0.0.1:$(PORT)/ that rebuilds when a content file is saved and shows a
# content error in the browser until it is fixed (tools/preview/). Another port: PORT=8001 make preview
PORT ?= 8000
preview: $(VENV)/.runtime
	$(PYTHON) -m tools.preview --port $(PORT)

# For IT: the static site in site/, built strictly (any warning stops the build)
site: $(VENV)/.runtime
	$(MKDOCS) build --strict

# The patient pages alone, for the trust's public web site: site-public/ (see mkdocs-public.yml)
site-public: $(VENV)/.runtime
	$(MKDOCS) build --strict -f mkdocs-public.yml

# All tests, including a strict build of the real site
test: install
	$(PYTHON) -m pytest

# Lint and types before the tests (CI runs it first): ruff (lint, format) and mypy for Python, Biome for the site's
# scripts (pinned in package.json and package-lock.json; `npm ci` needs Node.js and npm, Debian: nodejs npm).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	node_modules/.bin/biome lint

# Mutation testing (mutmut) over the modules where a boundary is a rule; writes bench/mutation.md. About 8 minutes.
mutation: install
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2
	$(PYTHON) bench/mutation.py > bench/mutation.md; status=$$?; cat bench/mutation.md; exit $$status

# After changing a content model: regenerate the JSON Schemas editors use for autocompletion
schemas: install
	$(PYTHON) -m tools.schemas

# Spelling and bokmål/nynorsk mix in the content, with hunspell (Debian: hunspell hunspell-no) and spelling/ordliste.txt.
# A warning: it lists what it finds and exits 0 (`$(PYTHON) -m tools.spelling --strict` fails on a finding).
spelling: $(VENV)/.runtime
	$(PYTHON) -m tools.spelling

# The light check an editor's pull request gets (strict build, schemas, Markdown, LIX, approval, spelling): no browser.
pr-check:
	.ci/pr-check

# For approvers: every approval rule, the review date and open points; then archive the approved version in approved/.
approval-check: $(VENV)/.runtime
	$(PYTHON) -m tools.approve check --edition "$(EDITION)"

approve: $(VENV)/.runtime
	$(PYTHON) -m tools.approve archive --edition "$(EDITION)"

# Benchmarks (need Debian's chromium and wrk); results go to bench/results/
bench: install
	$(PYTHON) bench/page_weight.py
	cd bench && ../$(PYTHON) build_scale.py 1 10 50
	$(PYTHON) bench/preview.py
	cd bench && ../$(PYTHON) tracker_load.py
	cd bench && ../$(PYTHON) export.py
	cd bench && ../$(PYTHON) export_load.py
	cd bench && ../$(PYTHON) item_stats.py
	$(PYTHON) bench/pr_check.py
	$(PYTHON) bench/report.py

clean:
	rm -rf site var .pytest_cache test-artifacts
