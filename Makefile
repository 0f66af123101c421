# stuurcyclus: the two commands of a fresh machine are `make up` and `make test`.
# Everything installs into .venv with the machine's Python 3.11 (pip only; no other tool needed).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PACKAGES := -e libs/common \
            -e services/sporen -e services/indicatoren -e services/financien -e services/gesprekstafels \
            -e gateway -e deploy/local
STAMP  := $(VENV)/.installed

.PHONY: install up test browser lint bench openapi asyncapi constraints clean

$(STAMP): constraints.txt requirements-dev.txt libs/common/pyproject.toml gateway/pyproject.toml \
          deploy/local/pyproject.toml $(wildcard services/*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt $(PACKAGES) -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Install, then run the whole platform with Zwolle's data (embedded PostgreSQL/NATS unless DATABASE_URL/NATS_URL are set).
## `make up PORT=9000` puts the gateway on 9000 and the services on the next five; `make up ARGS=--leeg` starts empty;
## `make up REPLICAS=2` runs two API processes and two workers per service.
up: install
	$(BIN)/stuurcyclus up $(if $(PORT),--port $(PORT)) $(if $(REPLICAS),--replicas $(REPLICAS)) $(ARGS)

## Install, then run the test suite (real PostgreSQL and NATS: from DATABASE_URL/NATS_URL, else embedded ones).
test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Debian's packages the browser and report tests use, where they can be installed (root with apt-get): chromium
## (docs and report in a headless browser), poppler-utils (pdftoppm: the PDF's pages as images), fonts-dejavu-core (the
## PDF's font). Without them those tests skip (the PDF falls back to a Latin-1 core font).
BROWSER_PACKAGES := chromium poppler-utils fonts-dejavu-core
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
	    && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make test: installing Debian's $(BROWSER_PACKAGES) with apt-get (for the browser and PDF tests)"; \
	  apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null 2>&1 \
	    || (apt-get update -qq && apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null) \
	    || echo "could not install $(BROWSER_PACKAGES): the browser and PDF-image tests will be skipped"; \
	else echo "$(BROWSER_PACKAGES) not installed (needs root with apt-get): the browser and PDF-image tests will be skipped"; fi

## Lint: ruff (rules and format) and the type checker (mypy, every package; configured in pyproject.toml).
TYPED := stuurcyclus_common sporen financien indicatoren gesprekstafels gateway notificaties stuurcyclus_local
lint: install
	$(BIN)/ruff check libs services gateway deploy tests bench
	$(BIN)/ruff format --check libs services gateway deploy tests bench
	$(BIN)/mypy $(addprefix -p ,$(TYPED))

## Benchmarks (print their figures), then issue 18's table with this run's figures, ratios and targets.
bench: install
	rm -rf .stuurcyclus/bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/iv3_import.py
	$(BIN)/python bench/indicatoren_ingest.py
	$(BIN)/python bench/indicatoren_trend.py
	$(BIN)/python bench/monitor_export.py
	$(BIN)/python bench/subsidieregister.py
	$(BIN)/python bench/rapportage.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/load.py --workers 2
	$(BIN)/python bench/tenants.py
	$(BIN)/python bench/summary.py

asyncapi: install
	$(BIN)/stuurcyclus events asyncapi > docs/asyncapi.json

constraints: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^stuurcyclus' > constraints.txt.new
	(echo '# Versions the platform was last tested with (pip install -c constraints.txt); regenerate with `make constraints`.'; cat constraints.txt.new) > constraints.txt
	rm constraints.txt.new

clean:
	rm -rf $(VENV) .stuurcyclus
