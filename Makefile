# One-command set-up: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck pytest bench refi-clients model tokenizer clean sync-codebook

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

DEMO := build/demo.sqlite

# The whole path on the bundled samples: pre-tag, a project, the gold coding as coder
# "gold", then the tables a thesis needs (files land in build/).
demo: $(STAMP)
	$(BIN)/kube-qda analyze transcripts_sample/
	mkdir -p build && rm -f $(DEMO) $(DEMO)-wal $(DEMO)-shm
	$(BIN)/kube-qda init -p $(DEMO)
	$(BIN)/kube-qda add -p $(DEMO) transcripts_sample/ --attributes transcripts_sample/attributes.csv
	$(BIN)/kube-qda pretag -p $(DEMO)
	$(BIN)/kube-qda codings import transcripts_sample/gold.csv --coder gold -p $(DEMO)
	$(BIN)/kube-qda freq -p $(DEMO) --by role --category
	$(BIN)/kube-qda cooc -p $(DEMO) --measure jaccard --heatmap build/cooc.png
	$(BIN)/kube-qda summary -p $(DEMO) --quotes 2 -o build/summary.md
	$(BIN)/kube-qda summary -p $(DEMO) --quotes 3 -f xlsx -o build/summary.xlsx
	$(BIN)/kube-qda evaluate -p $(DEMO) --coder gold
	$(BIN)/kube-qda names detect -p $(DEMO) -o build/names.csv --places transcripts_sample/places.csv
	$(BIN)/kube-qda names apply build/names.csv -p $(DEMO)
	$(BIN)/kube-qda report -p $(DEMO) -o build/bab4.docx --pseudonymise
	$(BIN)/kube-qda report -p $(DEMO) -o build/bab4.html --pseudonymise
	@echo "wrote build/cooc.png, build/summary.md, build/summary.xlsx, build/names.csv, build/bab4.docx, build/bab4.html"

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy kube_qda tests

pytest: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/pretag_speed.py
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/review_latency.py
	$(BIN)/python bench/tables_speed.py

# Exchange with real REFI-QDA clients (qc, Taguette), each installed in its own venv
# under build/refi-clients (needs the package index).
refi-clients: $(STAMP)
	$(BIN)/python bench/refi_clients.py

# The bundled learned model, rebuilt from the gold coding of the interviews listed in
# kube_qda/data/learned/kube_wonogiri.documents (the file records what it was trained on).
MODEL := kube_qda/data/learned/kube_wonogiri.json
MODEL_DOCS := $(addprefix transcripts_sample/,$(shell grep -v '^\#' kube_qda/data/learned/kube_wonogiri.documents))
model: $(STAMP)
	@$(BIN)/kube-qda learn transcripts_sample/gold.csv $(MODEL_DOCS) -o $(MODEL)

# spaCy's Indonesian tokenizer in its serialised form, for the installed spaCy version
# (kube_qda/text/tokenizer.py says why; a test checks the files match spaCy).
tokenizer: $(STAMP)
	$(BIN)/python -c "from pathlib import Path; from kube_qda.text.tokenizer import write_tokenizer_data; write_tokenizer_data(Path('kube_qda/data/tokenizer'))"

# The bundled codebook is a copy of codebooks/kube_wonogiri.yaml (a test checks they match).
sync-codebook:
	cp codebooks/kube_wonogiri.yaml kube_qda/data/codebooks/kube_wonogiri.yaml

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
