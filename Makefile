# The two commands: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
PYTEST_ARGS ?= -n 2

.PHONY: run test e2e setup system-deps venv translations lint format extract-messages seed clean audit bench bench-gradebook bench-certificates bench-reports bench-load

run: setup
	$(FLASK) db upgrade
	PORT=$(PORT) HOST=$(HOST) $(PY) -m training.main.bootstrap
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

# Only the browser journeys and the accessibility audit (tests/e2e); `make test` runs them too.
e2e: setup
	$(PY) -m pytest tests/e2e -p no:xdist

setup: system-deps venv translations

system-deps:
	@bash scripts/system-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Compiled catalogues are build output (.mo files are not committed).
translations: $(VENV)/.installed
	@$(VENV)/bin/pybabel -q compile -d translations

extract-messages: venv
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

lint: venv
	$(VENV)/bin/ruff check training tests scripts bench
	$(VENV)/bin/ruff format --check training tests scripts bench

format: venv
	$(VENV)/bin/ruff format training tests scripts bench

seed: venv
	$(FLASK) db upgrade
	$(FLASK) seed-demo

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

# Known vulnerabilities in the pinned requirements (needs PyPI's JSON API; see docs/security.md). --strict: a
# dependency the service could not look up fails the audit instead of being skipped ("no known vulnerabilities"
# about nothing). Never part of `make test`: it needs the network.
audit: venv
	$(VENV)/bin/pip-audit --strict --requirement requirements.txt --requirement requirements-dev.txt --vulnerability-service pypi --progress-spinner off

# On demand, never part of `make test`: needs a PostgreSQL server (BENCH_ARGS="--database-url ...").
bench: venv translations
	$(PY) -m bench.catalog $(BENCH_ARGS)

bench-gradebook: venv translations
	$(PY) -m bench.gradebook $(BENCH_ARGS)

# The reports page and its CSV: the demo plus the large demo history (~5,000 and ~100,000 enrolments); same BENCH_ARGS.
bench-reports: venv translations
	$(PY) -m bench.reports $(BENCH_ARGS)

# No database: renders certificate PDFs in a pool of 2 processes and compares with a naive loop (BENCH_ARGS="--count 500").
bench-certificates: system-deps venv
	$(PY) -m bench.certificates $(BENCH_ARGS)

# The load benchmark: 10k trainees, 500 courses, 100k enrolments, 500k answers on PostgreSQL, gunicorn as in
# the README's production section, each page's throughput against a trivial route; same BENCH_ARGS.
bench-load: venv translations
	$(PY) -m bench.load $(BENCH_ARGS)
