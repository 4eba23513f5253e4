# MotCua: `make run` serves the demo on http://127.0.0.1:$(PORT); `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links on slips and in messages point at the server `make run` starts (docs/operations.md).
export MOTCUA_PUBLIC_URL ?= http://127.0.0.1:$(PORT)
export MOTCUA_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test lint check-deploy install migrate demo demo-year clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# A simulated year for the demo (docs/operations.md, "Simulated year"): bulk path, last year.
DOSSIERS ?= 20000
demo-year: demo
	$(BIN)/python manage.py simulate_year --bulk --dossiers $(DOSSIERS) $(if $(YEAR),--year $(YEAR))

run: demo
	@echo "MotCua: http://127.0.0.1:$(PORT)/  (quản trị: /quan-tri/, API: /api/v1/docs)"
	$(BIN)/python manage.py serve 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist; each worker has its own test database). Tests that
# start servers on probed ports share the xdist_group "servers" and run one after another.
# PYTEST_WORKERS=0 runs in one process; PYTEST_ARGS go last and can override either option.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -p no:xdist tests/test_domain_templates_link_no_surface.py  # templates: no import shows
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy

# `check --deploy` under the production settings docs/operations.md names (placeholder values in
# .ci/production.env): fails when production would need a setting MotCua cannot be given.
check-deploy: install
	set -a && . ./.ci/production.env && set +a && \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
