# «Наставничество»: `make run` serves the portal with a demo school, `make test` runs every test.
# Both set up what is missing (virtualenv, Python packages, Debian packages) and nothing more.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
REQUIREMENTS_STAMP := $(VENV)/.requirements.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian/Ubuntu packages: Pango for WeasyPrint, serif and sans fonts with Cyrillic for documents.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-paratype
BROWSER_PACKAGES := chromium

# Installs the Debian packages of $(1) that are missing: as root by itself, otherwise it prints
# the exact command and stops.
define apt_ensure
	@missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Устанавливаю системные пакеты:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Не хватает системных пакетов:$$missing"; \
	    echo "Установите их и повторите команду:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

.PHONY: run test ci lint format deps system-deps browser-deps migrate reference demo worker clean-db benchmarks backup restore load

run: deps migrate reference demo
	@echo ""
	@echo "Портал: http://$(HOST):$(PORT)/  (логины выше, пароль «demo»; остановить — Ctrl+C)"
	@DEBUG=true $(PY) manage.py requeue_stale_imports
	@DEBUG=true $(PY) manage.py db_worker --reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: deps browser-deps
	$(PY) -m pytest

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

deps: system-deps $(REQUIREMENTS_STAMP) .env

# Local settings for ./manage.py in this checkout (git-ignored); never overwritten.
.env:
	@printf '# Local settings of this checkout (see README, «Настройка»).\nDEBUG=true\n' > $@

system-deps:
	$(call apt_ensure,$(SYSTEM_PACKAGES))

browser-deps:
	$(call apt_ensure,$(BROWSER_PACKAGES))

$(PY):
	@command -v $(PYTHON) >/dev/null || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq python3.11 python3.11-venv; \
	  else echo "Нужен Python 3.11: sudo apt-get install -y python3.11 python3.11-venv"; exit 1; fi; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq python3.11-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Нужен модуль venv: sudo apt-get install -y python3.11-venv"; exit 1; fi; }

# Reinstalls only when requirements.txt has changed since the last install.
$(REQUIREMENTS_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@cp requirements.txt $@

migrate: deps
	DEBUG=true $(PY) manage.py migrate --noinput

reference: deps
	DEBUG=true $(PY) manage.py load_reference

demo: deps
	DEBUG=true $(PY) manage.py seed_demo

worker: deps
	DEBUG=true $(PY) manage.py requeue_stale_imports
	DEBUG=true $(PY) manage.py db_worker

# Speed measurements (roster import of 10 000 pupils…) in a throwaway database, never the dev data.
benchmarks: deps
	DEBUG=true $(PY) -m benchmarks

# Load test: gunicorn + locust (50 users, 60 s) on generated data in a throwaway database; not part of
# `make test`. `make load ARGS=--small` for a quick check.
load: deps
	$(PY) -m benchmarks.load $(ARGS)

# The database (pg_dump) and uploaded files in var/backups/nastavnichestvo-YYYYmmdd-HHMMSS.tar.
# No DEBUG=true here: on a server it uses the server's own settings.
backup: deps
	$(PY) manage.py backup

# make restore FILE=var/backups/nastavnichestvo-….tar [FORCE=1]: into an empty database, then the row
# counts are compared with the archive's manifest. FORCE=1 replaces the tables of a non-empty one.
restore: deps
	@test -n "$(FILE)" || { echo "Укажите архив: make restore FILE=var/backups/nastavnichestvo-….tar"; exit 1; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

# Stops the embedded PostgreSQL and deletes its data (var/pgdata).
clean-db:
	-$(PY) -c "import pgserver; pgserver.get_server('var/pgdata', cleanup_mode='delete').cleanup()"
	rm -rf var/pgdata
