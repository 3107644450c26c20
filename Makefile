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

.PHONY: run test lint typecheck unit setup bench eval clean-state browser monitoring-tools

# The virtual environment is rebuilt when pyproject.toml changes. torch==2.13.0 goes first: it is the CPU build
# on this machine's disk; letting a resolver pick torch would download a multi-GB CUDA build.
$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/.installed

run: setup
	@if [ -z "$$(ls -A $(LANDING) 2>/dev/null)" ]; then \
	  echo "Landing zone $(LANDING) is empty: generating $(DEMO_DAYS) days of demo scrapes"; \
	  $(BIN)/hirehound demo scrapes --days $(DEMO_DAYS) --per-day $(DEMO_PER_DAY) --out $(LANDING); \
	fi
	$(BIN)/hirehound dev --port $(PORT)

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

test: setup browser monitoring-tools lint typecheck
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m bench.run_all --size $(SIZE)

# Quality on real public data (../shared/data when present) and the demo truth; writes docs/EVALUATION.md.
eval: setup
	$(BIN)/python -m bench.evaluate

clean-state:
	rm -rf .hirehound data
