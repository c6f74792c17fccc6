# The two commands the README names: `make run` and `make test`. Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck check bench eval clean browser-deps

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch first, pinned to the CPU build, so sentence-transformers does not pull CUDA wheels.
$(STAMP): $(PY) pyproject.toml requirements-parser.txt
	$(PY) -m pip install -q --upgrade pip wheel
	$(PY) -m pip install -q "torch==2.13.0"
	$(PY) -m pip install -q -e ".[dev]"
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-parser.txt
	# Byte-compile now: with PYTHONDONTWRITEBYTECODE set (common in containers) nothing is ever
	# cached, and every start would compile torch and transformers again (about 6 s of 11).
	-$(PY) -m compileall -q -j0 $(VENV)/lib > /dev/null 2>&1
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/reconcile serve --seed

# Two workers (pytest-xdist), one per core: each has its own embedded PostgreSQL and model.
test: $(STAMP)
	$(PY) -m pytest -n 2 -q -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check reconcile tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy reconcile

check: lint typecheck test

eval: $(STAMP)
	$(VENV)/bin/reconcile eval

# The performance benchmarks (issue 6): each prints its figures; see bench/RESULTS.md.
# Not part of `make test`. BENCH_FLAGS=--quick for a smoke run.
bench: $(STAMP)
	$(PY) -m bench.extraction
	$(PY) -m bench.embedding $(BENCH_FLAGS)
	$(PY) -m bench.ingest $(BENCH_FLAGS)
	$(PY) -m bench.ingest --precision fp32 $(BENCH_FLAGS)
	$(PY) -m bench.scale $(BENCH_FLAGS)
	$(PY) -m bench.read $(BENCH_FLAGS)
	$(PY) -m bench.startup $(BENCH_FLAGS)
	$(PY) -m bench.peer $(BENCH_FLAGS)
	$(PY) -m bench.similar $(BENCH_FLAGS)
	$(PY) -m bench.wirecopy $(BENCH_FLAGS)
	$(PY) -m bench.ingest --realnews ../shared/eval/realnews_dev.jsonl $(BENCH_FLAGS)
	$(PY) -m bench.bounds $(BENCH_FLAGS)

# Debian's Chromium for the browser tests; .ci/run calls this before `make test`.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will be skipped"

clean:
	rm -rf $(VENV) .reconcile
