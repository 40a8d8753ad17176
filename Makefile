# Vigil's two commands: `make run` (the demo) and `make test` (the whole suite).
# Both set up everything they need on a fresh machine; nothing is installed by hand first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
INSTALLED := $(VENV)/.installed

.PHONY: run test lint lock system-test-deps

# The environment is rebuilt only when the dependencies change.
$(INSTALLED): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check "uv==0.13.9"
	$(UV) pip install -q --python $(PY) -r requirements.lock
	$(UV) pip install -q --python $(PY) --no-deps -e . --config-settings editable_mode=compat
	touch $@

run: $(INSTALLED)
	$(PY) -m vigil demo

# Browser tests need Debian's chromium (Playwright cannot download browsers here) and Korean
# fonts; the PostgreSQL tests need the server binaries. Installed only when missing.
system-test-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root or: sudo apt-get install -y$$missing"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test: $(INSTALLED) system-test-deps
	$(PY) -m pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy vigil review scheduler app

# After editing dependencies in pyproject.toml: pin them again.
lock: $(INSTALLED)
	$(UV) pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11 -q
