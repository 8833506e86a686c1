# The README's commands live here. Everything installs into a local .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What running needs (the model and every output kind, the review app), then what testing adds.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: setup setup-test run test seed bench bench-length clean

setup: $(STAMP)

setup-test: $(TEST_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[model,all]"
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[model,all,test]"
	touch $(TEST_STAMP)

## Extract the bundled corpus into claims.db (SQLite) and print a summary.
run: setup
	$(PY) -m extractor extract corpus/ -o claims.db

## Run the test suite.
test: setup-test
	$(PY) -m pytest -q

## Score the seed article against its gold records.
seed: setup
	$(PY) -m extractor extract corpus/seed.jsonl -o seed-out.jsonl
	$(PY) ../shared/eval/score_seed.py seed-out.jsonl -v

## Time and peak memory against article length (SIZES in MB; the 50 MB run takes minutes).
bench-length: setup
	$(PY) scripts/bench_length.py --sizes $(or $(SIZES),0.25 1 5)

## Words/s, CPU time and peak memory against bare spaCy in the same run, flat memory over 10,000
## articles, and bench-length for 5 and 50 MB articles (writes bench-out/bench.md; an hour or more).
bench: setup
	$(PY) scripts/bench.py --rounds 2

clean:
	rm -rf $(VENV) claims.db claims.db-* seed-out.jsonl *.egg-info .pytest_cache .hypothesis
