# Fairmate: `make run` starts the app, `make test` runs every test.
# Both create .venv on first use; on Debian/Ubuntu they also install the
# system libraries Qt needs (as root, or with sudo when it asks no password).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LOCALE := core/locale

# Qt's xcb/offscreen platform plugins, fonts for every script we ship, libpulse0 for
# QtTextToSpeech (voices on Linux come from speech-dispatcher, optional), TrueType CJK
# fonts for PDF dossiers (reportlab cannot embed the CFF outlines of Noto CJK), Xvfb so
# tests and screenshots can run without a screen, and poppler's pdftotext/pdffonts/
# pdftoppm with which the tests read the dossiers back.
SYSTEM_PACKAGES := libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 \
	libglib2.0-0 libdbus-1-3 libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 \
	fonts-noto-core fonts-noto-cjk xvfb xauth \
	fonts-ipafont-gothic fonts-nanum fonts-wqy-microhei poppler-utils

# PostgreSQL for the sync server's tests: they start a throwaway cluster (initdb, pg_ctl)
# in a temporary folder; without it they skip, and in CI (CI set) they fail.
TEST_SYSTEM_PACKAGES := postgresql

.PHONY: run test system-deps test-system-deps bench clean translations

run: $(STAMP)
	$(BIN)/fairmate

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

system-deps:
	@if command -v dpkg >/dev/null 2>&1; then \
		missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if ! $(PYTHON) -c "import ensurepip, venv" >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
		if [ -n "$$missing" ]; then \
			if [ "$$(id -u)" = 0 ]; then SUDO=""; \
			elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
			else echo "Fairmate needs these Debian packages; please run:"; \
				echo "  sudo apt-get install $$missing"; exit 0; fi; \
			echo "Installing system packages:$$missing"; \
			$$SUDO apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
		fi; \
	fi

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

test-system-deps:
	@$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(TEST_SYSTEM_PACKAGES)"

$(TEST_STAMP): $(STAMP) | test-system-deps
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(TEST_STAMP)

# Every benchmark in bench/, then one table: each figure beside its target (bench/summary.py).
bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/summary.py

# Extract every _(), ngettext() and N_() string from core/ and ui/ into the template,
# merge it into each language's .po (new strings arrive untranslated or fuzzy, and
# tests/test_i18n.py fails until someone translates them), then compile the .mo
# files the app loads. Both .po and .mo are committed.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -c TRANSLATORS: --project=Fairmate \
		--version=$$($(BIN)/python -c "import core; print(core.__version__)") \
		-o $(LOCALE)/fairmate.pot core ui
	$(BIN)/pybabel update -D fairmate -i $(LOCALE)/fairmate.pot -d $(LOCALE)
	$(BIN)/pybabel compile -D fairmate -d $(LOCALE) --statistics

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
