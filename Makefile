# OpenPIAO — `make demo` runs the product with the two demo comuni; `make test` runs every test.
VENV    := .venv
PY      := $(VENV)/bin/python
PYTEST  := $(PY) -m pytest
PG_URL  ?= postgres://postgres@127.0.0.1:5432/openpiao
SUDO    := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
WORKERS ?= 2

.PHONY: setup demo test test-sqlite test-postgres lint system-deps postgres bench clean serve redis backup restore

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

setup: $(VENV)/.installed

# The demo runs in development mode (DEBUG on, a development key): never for real data.
demo: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	@printf '\nOpenPIAO su http://127.0.0.1:8000 (Ctrl+C per fermare)\n'
	@# The worker prints the plans asked from the web; it stops with the server.
	DJANGO_DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The production server on the local database (DATABASE_URL, else SQLite in var/): migrations,
# static files, the task worker (TASKS_BACKEND: database or rq) and gunicorn (gunicorn.conf.py).
# Without SECRET_KEY a random one is kept in var/secret_key; cookies over plain HTTP unless
# SECURE_COOKIES=1 (behind HTTPS).
SERVE_WORKER = $(if $(filter rq,$(TASKS_BACKEND)),rqworker --job-class django_tasks_rq.Job default,db_worker --no-reload)
serve: setup $(if $(filter rq,$(TASKS_BACKEND)),redis)
	@mkdir -p var; [ -n "$$SECRET_KEY" ] || [ -s var/secret_key ] || \
	  (umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
	export SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" SECURE_COOKIES="$${SECURE_COOKIES:-0}"; \
	$(PY) manage.py migrate --noinput && $(PY) manage.py collectstatic --noinput -v 0 && { \
	  $(PY) manage.py $(SERVE_WORKER) & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -c gunicorn.conf.py; }

# A copy of the local database and the stored files in one archive under var/backups/, and back
# (ARCHIVE=path, else the latest). Commands serve no page: the development settings do.
backup: setup
	DJANGO_DEBUG=1 $(PY) manage.py backup
restore: setup
	DJANGO_DEBUG=1 $(PY) manage.py restore $(ARCHIVE)

# The Redis server of the RQ tests (127.0.0.1:6379): installed (Debian's redis-server) when
# missing, started when down.
redis:
	@set -e; \
	if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then \
	  $(SUDO) apt-get update -q; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends redis-server; \
	fi; \
	redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null; \
	for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0; sleep 1; done; \
	echo "Redis non risponde su 127.0.0.1:6379"; exit 1

# Programs the tests drive for real: Chromium, pdftoppm, LibreOffice (Debian packages).
system-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && command -v soffice >/dev/null \
	  && dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
	    --no-install-recommends chromium poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui \
	    fonts-dejavu-core; }

# The PostgreSQL server the tests use: 127.0.0.1:5432, user postgres, trust authentication (a
# local test server, no passwords). Installed (Debian package postgresql) when its programs are
# missing; on a machine that had no cluster, the package's own (still empty, and asking for
# passwords) is created again with trust; started when down. An existing cluster is only started.
postgres:
	@set -e; \
	if ! command -v pg_ctlcluster >/dev/null || ! command -v pg_isready >/dev/null; then \
	  had=$$(ls /etc/postgresql 2>/dev/null | wc -l); \
	  $(SUDO) apt-get update -q; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends postgresql; \
	  if [ "$$had" -eq 0 ]; then \
	    pg_lsclusters -h | while read version name rest; do $(SUDO) pg_dropcluster --stop $$version $$name; done; \
	  fi; \
	fi; \
	if [ -z "$$(pg_lsclusters -h)" ]; then \
	  $(SUDO) pg_createcluster -p 5432 $$(ls /usr/lib/postgresql | sort -n | tail -1) main \
	    -- --auth-local=trust --auth-host=trust; \
	fi; \
	pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) pg_ctlcluster --skip-systemctl-redirect \
	  $$(pg_lsclusters -h | awk '$$3 == 5432 { print $$1, $$2; exit }') start; \
	for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
	echo "PostgreSQL non risponde su 127.0.0.1:5432"; exit 1

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks

# Browser tests run in their own pass: they use a live server and a flushed database.
test-sqlite: setup redis
	$(PYTEST) -n $(WORKERS) -m "not browser"
	$(PYTEST) -m browser

test-postgres: setup postgres redis
	DATABASE_URL=$(PG_URL) $(PYTEST) -n $(WORKERS) -m "not browser"
	DATABASE_URL=$(PG_URL) $(PYTEST) -m browser

test: setup system-deps lint test-sqlite test-postgres

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) var
