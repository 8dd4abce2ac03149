# Shared helpers for scripts/start and scripts/test (sourced, not run).
# They install only what is missing, so running them again is cheap.

# One target dir per checkout, outside it so it stays warm between runs. Cargo hashes workspace
# members by their path relative to the workspace, so two checkouts sharing a target dir could reuse
# each other's artifacts: keying it on the checkout's path keeps every build honest.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sportello/target-$(pwd -P | sha256sum | cut -c1-12)}"
# The app is always built with the UI embedded, so tests and the app share one build of Tauri.
APP_FEATURES=(--features sportello-app/custom-protocol)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n== %s\n' "$*"; }

# apt-get install the packages that are not installed yet (idempotent).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

BUILD_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev curl)
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver imagemagick chromium sqlite3
  poppler-utils qpdf libnss3-tools softhsm2 openssl python3-venv postgresql postgresql-contrib
  postgresql-15-pgaudit slapd ldap-utils)

# pyHanko, the independent PAdES validator the signature tests run, in a venv of its own.
export SPORTELLO_VENV="${SPORTELLO_VENV:-$HOME/.cache/sportello/venv}"
export SPORTELLO_PYHANKO="$SPORTELLO_VENV/bin/pyhanko"
ensure_pyhanko() {
  if [ ! -x "$SPORTELLO_PYHANKO" ]; then
    say "installing pyHanko in $SPORTELLO_VENV"
    python3 -m venv "$SPORTELLO_VENV"
    "$SPORTELLO_VENV/bin/pip" install -q 'pyHanko[opentype]==0.38.0' 'pyhanko-cli==0.6.0'
  fi
  "$SPORTELLO_PYHANKO" --version
}

node_is_recent() {
  command -v node >/dev/null && [ "$(node -e 'console.log(process.versions.node.split(".")[0])')" -ge 20 ]
}

ensure_toolchains() {
  if ! command -v cargo >/dev/null; then
    say "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! node_is_recent; then
    # Debian 12 and Ubuntu 24.04 ship Node.js 18; the UI build (Vite 7) needs 20 or newer.
    say "installing Node.js 20 from the NodeSource packages"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    if curl -fsSL https://deb.nodesource.com/setup_20.x -o /tmp/nodesource_setup.sh; then
      $sudo bash /tmp/nodesource_setup.sh >/dev/null && $sudo apt-get install -y -qq nodejs >/dev/null
    fi
    if ! node_is_recent; then
      echo "Sportello's UI build needs Node.js 20 or newer: install it (https://nodejs.org) and run again." >&2
      exit 1
    fi
  fi
}

build_ui() {
  say "building the UI"
  (cd ui && npm install --no-audit --no-fund --loglevel=error && npm run build)
}

# The app with the UI embedded (the same binary the end-to-end tests drive). In the test command
# (SPORTELLO_BUILD_ALL_TARGETS=1) it is built with every test target in one build: the app alone
# resolves features without the test-only ones (tokio's net, sportello-sign's test-support, …), so it
# would compile the shared crates a second time.
build_app() {
  say "building the app"
  if [ "${SPORTELLO_BUILD_ALL_TARGETS:-}" = 1 ]; then
    cargo build --workspace --all-targets --locked "${APP_FEATURES[@]}"
  else
    cargo build -p sportello-app -p sportello-cli "${APP_FEATURES[@]}"
  fi
}

APP_BIN() { echo "$CARGO_TARGET_DIR/debug/sportello-app"; }

# Starts Xvfb on :99 when there is no display; sets DISPLAY and XVFB_PID.
ensure_display() {
  if [ -n "${DISPLAY:-}" ]; then return 0; fi
  Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=:99
  sleep 1
}

PG_TEST_BIN=/usr/lib/postgresql/15/bin
PG_TEST_PORT=54329

# Runs a PostgreSQL program from the test cluster's dir, as the postgres OS user when we are root.
pg_test_run() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_TEST_DIR" && runuser -u postgres -- "$PG_TEST_BIN/$1" "${@:2}")
  else
    (cd "$PG_TEST_DIR" && "$PG_TEST_BIN/$1" "${@:2}")
  fi
}

# A throw-away PostgreSQL 15 cluster for the tests: initdb in a temp dir owned by the postgres OS user
# (initdb and postgres refuse to run as root), reachable only through a Unix socket in that dir, with
# durability off (fsync, synchronous_commit, full_page_writes) since it dies with the run. Sets
# PG_TEST_DIR and exports SPORTELLO_TEST_PG_URL in the form sqlx 0.8 reads: a `host` query parameter
# that starts with `/` is the socket's directory (psql reads the same URL). The port only names the
# socket file, so two runs at once do not clash. Calling it again while the cluster runs does
# nothing. It installs no trap: the caller runs stop_test_postgres on exit.
start_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ] \
    && pg_test_run pg_ctl status -D "$PG_TEST_DIR/data" >/dev/null 2>&1; then
    return 0
  fi
  stop_test_postgres # a dir left by a cluster that died
  if [ ! -x "$PG_TEST_BIN/initdb" ]; then
    echo "PostgreSQL 15 not found in $PG_TEST_BIN: install the postgresql package." >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "No postgres OS user to run the test PostgreSQL as (initdb refuses root)." >&2
    return 1
  fi
  # glibc lists C.UTF-8 as C.utf8; a machine without it gets the plain C locale.
  local locale=C
  if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale=C.UTF-8; fi
  PG_TEST_DIR=$(mktemp -d /tmp/sportello-pg.XXXXXX) || return 1
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_TEST_DIR"; fi
  if ! pg_test_run initdb -D "$PG_TEST_DIR/data" -A trust -U postgres --encoding=UTF8 \
    --locale="$locale" >"$PG_TEST_DIR/initdb.log" 2>&1; then
    echo "initdb of the test PostgreSQL failed:" >&2
    cat "$PG_TEST_DIR/initdb.log" >&2
    stop_test_postgres
    return 1
  fi
  # As a Comune's server (docs/deploy-server.md): users log in with their password (SCRAM); only the
  # cluster's superuser, the tests' maintenance connection, is trusted on the socket. pgaudit logs
  # every statement on citizens' data (the tables granted to sportello_auditor) with its user.
  # Members of sportello_ldap log in with their directory password, checked by the test OpenLDAP
  # (start_test_ldap), as a Comune's Active Directory would check it.
  printf 'local all postgres trust\nlocal all +sportello_ldap ldap ldapserver=127.0.0.1 ldapport=%s ldapprefix="uid=" ldapsuffix=",ou=people,dc=comune,dc=test"\nlocal all all scram-sha-256\n' \
    "$LDAP_TEST_PORT" >"$PG_TEST_DIR/data/pg_hba.conf"
  if ! pg_test_run pg_ctl -w -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" \
    -o "-k $PG_TEST_DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off -p $PG_TEST_PORT -c shared_preload_libraries=pgaudit \
    -c pgaudit.role=sportello_auditor -c pgaudit.log=role \
    -c log_line_prefix='%m [%p] %u@%d '" start >/dev/null 2>&1; then
    echo "The test PostgreSQL did not start:" >&2
    cat "$PG_TEST_DIR/server.log" >&2
    stop_test_postgres
    return 1
  fi
  export SPORTELLO_TEST_PG_URL="postgres://postgres@localhost:$PG_TEST_PORT/postgres?host=$PG_TEST_DIR"
  export SPORTELLO_TEST_PG_LOG="$PG_TEST_DIR/server.log"
}

# A throw-away OpenLDAP (Debian's slapd) with one person, uid=ldap.rossi, password
# password-di-dominio: the directory the LDAP login test binds to. Exports SPORTELLO_TEST_LDAP=1.
LDAP_TEST_PORT=${LDAP_TEST_PORT:-3890}
start_test_ldap() {
  LDAP_TEST_DIR=$(mktemp -d /tmp/sportello-ldap.XXXXXX) || return 1
  mkdir -p "$LDAP_TEST_DIR/db"
  cat >"$LDAP_TEST_DIR/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $LDAP_TEST_DIR/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "dc=comune,dc=test"
rootdn "cn=admin,dc=comune,dc=test"
rootpw admin-di-prova
directory $LDAP_TEST_DIR/db
EOF
  cat >"$LDAP_TEST_DIR/people.ldif" <<EOF
dn: dc=comune,dc=test
objectClass: dcObject
objectClass: organization
o: Comune di prova
dc: comune

dn: ou=people,dc=comune,dc=test
objectClass: organizationalUnit
ou: people

dn: uid=ldap.rossi,ou=people,dc=comune,dc=test
objectClass: inetOrgPerson
uid: ldap.rossi
cn: Maria Rossi
sn: Rossi
userPassword: password-di-dominio
EOF
  if ! slapadd -f "$LDAP_TEST_DIR/slapd.conf" -l "$LDAP_TEST_DIR/people.ldif" >"$LDAP_TEST_DIR/slapadd.log" 2>&1 \
    || ! /usr/sbin/slapd -f "$LDAP_TEST_DIR/slapd.conf" -h "ldap://127.0.0.1:$LDAP_TEST_PORT/"; then
    echo "The test OpenLDAP did not start:" >&2
    cat "$LDAP_TEST_DIR/slapadd.log" >&2
    return 1
  fi
  export SPORTELLO_TEST_LDAP=1
}

stop_test_ldap() {
  if [ -n "${LDAP_TEST_DIR:-}" ] && [ -d "$LDAP_TEST_DIR" ]; then
    if [ -f "$LDAP_TEST_DIR/slapd.pid" ]; then kill "$(cat "$LDAP_TEST_DIR/slapd.pid")" 2>/dev/null || true; fi
    rm -rf "$LDAP_TEST_DIR"
  fi
}

# Stops the test cluster and removes its dir; does nothing when none was started (safe to call twice).
stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR" ]; then
    if [ -f "$PG_TEST_DIR/data/postmaster.pid" ]; then
      pg_test_run pg_ctl -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TEST_DIR"
  fi
  unset PG_TEST_DIR SPORTELLO_TEST_PG_URL
}
