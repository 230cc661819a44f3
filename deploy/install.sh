#!/usr/bin/env bash
# Installs what one machine of the mcscale deployment needs (docs/DEPLOYMENT.md). Idempotent: a
# second run changes nothing.
#
#   sudo deploy/install.sh --role primary      # nginx, PostgreSQL, the platform and the autoscaler
#   sudo deploy/install.sh --role secondary --db-host 10.0.0.5 \
#        --db-password-file FILE --admin-token-file FILE   # the platform only, on the primary's PostgreSQL
#   sudo deploy/install.sh --role controller   # nginx and the autoscaler, no platform
#   deploy/install.sh --root DIR --dry-run ... # tests: files under DIR, commands only printed
# Other options: --user USER (runs the services, default root), --data-dir DIR (the autoscaler's
# state), --port PORT (the platform's, default 8000), --db-port PORT (PostgreSQL's, default 5432).
# The secondary's two files are copies of the primary's /etc/monte-carlo-platform/db-password and
# admin-token. Without --role, the role is primary (the guide's layout). deploy/uninstall.sh undoes it.
set -euo pipefail

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
install_dir="$(cd "$deploy_dir/.." && pwd)"
root=""
dry_run=false
role=primary
service_user=root
data_dir=/var/lib/monte-carlo-autoscaler
platform_port=8000
db_host=""
db_port=5432
db_password_from=""
admin_token_from=""

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die_usage() {
  echo "install.sh: $1" >&2
  echo "usage: install.sh [--role primary|secondary|controller] [--root DIR] [--dry-run] [--user USER] [--data-dir DIR]" \
       "[--port PORT] [--db-host HOST] [--db-port PORT] [--db-password-file FILE] [--admin-token-file FILE]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --role) [ $# -ge 2 ] || die_usage "--role needs primary, secondary or controller"; role="$2"; shift 2 ;;
    --root) [ $# -ge 2 ] || die_usage "--root needs a directory"; root="${2%/}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --user) [ $# -ge 2 ] || die_usage "--user needs a user name"; service_user="$2"; shift 2 ;;
    --data-dir) [ $# -ge 2 ] || die_usage "--data-dir needs an absolute path"; data_dir="$2"; shift 2 ;;
    --port) [ $# -ge 2 ] || die_usage "--port needs a port number"; platform_port="$2"; shift 2 ;;
    --db-host) [ $# -ge 2 ] || die_usage "--db-host needs the primary's private address"; db_host="$2"; shift 2 ;;
    --db-port) [ $# -ge 2 ] || die_usage "--db-port needs PostgreSQL's port"; db_port="$2"; shift 2 ;;
    --db-password-file) [ $# -ge 2 ] || die_usage "--db-password-file needs a file"; db_password_from="$2"; shift 2 ;;
    --admin-token-file) [ $# -ge 2 ] || die_usage "--admin-token-file needs a file"; admin_token_from="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
case "$role" in primary|secondary|controller) ;; *) die_usage "--role '$role' is not a role; use primary, secondary or controller" ;; esac
case "$data_dir" in /*) ;; *) die_usage "--data-dir '$data_dir' must be an absolute path, e.g. /var/lib/monte-carlo-autoscaler" ;; esac
[ -z "$root" ] || [ -d "$root" ] || die_usage "--root '$root' is not a directory; create it first"
[[ "$service_user" =~ ^[a-z_][a-z0-9_-]*$ ]] || die_usage "--user '$service_user' is not a user name; use e.g. root or mcscale"
[[ "$platform_port" =~ ^[0-9]+$ ]] && [ "$platform_port" -ge 1 ] && [ "$platform_port" -le 65535 ] \
  || die_usage "--port '$platform_port' is not a port; use 1-65535, e.g. 8000"
[[ "$db_port" =~ ^[0-9]+$ ]] && [ "$db_port" -ge 1 ] && [ "$db_port" -le 65535 ] \
  || die_usage "--db-port '$db_port' is not a port; use 1-65535, e.g. 5432"
if [ "$role" = secondary ]; then
  [ -n "$db_host" ] || die_usage "--role secondary needs --db-host: the primary's private address, e.g. 10.0.0.5"
  [ -n "$db_password_from" ] || die_usage "--role secondary needs --db-password-file: a copy of the primary's /etc/monte-carlo-platform/db-password"
  [ -n "$admin_token_from" ] || die_usage "--role secondary needs --admin-token-file: a copy of the primary's /etc/monte-carlo-platform/admin-token"
fi
[[ "${db_host:-127.0.0.1}" =~ ^[A-Za-z0-9.:-]+$ ]] || die_usage "--db-host '$db_host' is not a host name or address; use e.g. 10.0.0.5"
for file in "$db_password_from" "$admin_token_from"; do
  [ -z "$file" ] || [ -s "$file" ] || die_usage "'$file' is missing or empty; copy it from the primary's /etc/monte-carlo-platform"
done

# shellcheck source=deploy/common.sh
. "$deploy_dir/common.sh"

env_file=/etc/monte-carlo-autoscaler/.env.autoscaler

check_java() {
  local java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java" version major
  version="$("$java_cmd" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)" \
    || fail "Java 17+ is required and '$java_cmd' does not run; install it: sudo apt-get install openjdk-17-jre-headless"
  major="${version%%.*}"
  [ "$major" = 1 ] && major="$(echo "$version" | cut -d. -f2)"
  if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt 17 ]; then
    fail "Java 17+ is required, found '${version:-none}'; install it: sudo apt-get install openjdk-17-jre-headless"
  fi
  say "java $version: ok"
}

ensure_package() {
  if command -v "$2" >/dev/null 2>&1; then
    say "$1: present"
  else
    say "$1: missing, installing it"
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1"
  fi
}

# The guide's emergency procedure restores sites-enabled/default from default.backup. Back it up
# once (never over an earlier backup), then take it out of service: its default_server on port 80
# would otherwise catch the requests meant for the mcscale site.
backup_default_site() {
  local site="$root/etc/nginx/sites-enabled/default"
  if [ -e "$site" ] || [ -L "$site" ]; then
    if [ ! -e "$site.backup" ]; then
      cp -L "$site" "$site.backup"
      say "nginx: backed up the current site to $site.backup"
    fi
    rm -f "$site"
    say "nginx: disabled sites-enabled/default (restore: deploy/uninstall.sh)"
  fi
}

install_nginx_files() {
  mkdir -p "$root/etc/nginx/conf.d"
  copy_if_changed "$deploy_dir/nginx/monte-carlo.conf" "$root$NGINX_SITE" 0644
  # The autoscaler owns the live upstream file; install the starting one only when there is none.
  if [ ! -e "$root$NGINX_UPSTREAM" ]; then
    install -m 0644 "$deploy_dir/nginx/monte-carlo-upstream.conf" "$root$NGINX_UPSTREAM"
    say "wrote $root$NGINX_UPSTREAM"
  fi
  run nginx -t
  run nginx -s reload
}

# $1 = template name; the rest are sed expressions for its placeholders.
write_unit() {
  local name="$1" rendered
  shift
  rendered="$(mktemp)"
  sed -e "s|@USER@|$service_user|g" -e "s|@INSTALL_DIR@|$install_dir|g" "$@" "$deploy_dir/systemd/$name" >"$rendered"
  mkdir -p "$root/etc/systemd/system"
  copy_if_changed "$rendered" "$root/etc/systemd/system/$name" 0644
  rm -f "$rendered"
}

write_autoscaler_unit() {
  write_unit "$SERVICE.service" -e "s|@ENV_FILE@|$env_file|g" -e "s|@DATA_DIR@|$data_dir|g"
}

write_platform_unit() {
  write_unit "$PLATFORM_SERVICE.service" -e "s|@PORT@|$platform_port|g" -e "s|@SECRETS_DIR@|$PLATFORM_SECRETS|g" \
    -e "s|@DB_USER@|mcscale|g" -e "s|@DB_HOST@|${db_host:-127.0.0.1}|g" -e "s|@DB_PORT@|$db_port|g"
}

create_env_file() {
  local target="$root$env_file"
  [ -f "$deploy_dir/.env.autoscaler.example" ] \
    || fail "$deploy_dir/.env.autoscaler.example is missing; this checkout is incomplete"
  mkdir -p "$(dirname "$target")"
  chmod 0700 "$(dirname "$target")"
  if [ -e "$target" ]; then
    say "$target: kept (edit it to change the configuration)"
  else
    (umask 077 && cp "$deploy_dir/.env.autoscaler.example" "$target")
    if [ "$role" = primary ]; then
      # The scaler runs beside the primary's platform: a loopback PRIMARY_URL is how it knows this is its own
      # machine, which failover and scale-downs must never stop or restart through the provider.
      sed -i "s|^PRIMARY_URL=\$|PRIMARY_URL=http://127.0.0.1:$platform_port|" "$target"
    fi
    say "wrote $target (mode 0600): set PAPERSPACE_API_KEY, PRIMARY_MACHINE_ID, SECONDARY_MACHINE_ID"
  fi
  chmod 0600 "$target"
  mkdir -p "$root$data_dir"
  chmod 0750 "$root$data_dir"
}

# --- Shell completion and man pages (from the cli build: cli/target/completion, cli/target/man), env file check. ---
# Kept in this one block; the build generates both from the command model, so they match the jar.
install_completion_and_man_pages() {
  local completion="$install_dir/cli/target/completion/mcscale" pages="$install_dir/cli/target/man/man1" page
  if [ ! -f "$completion" ] || [ ! -d "$pages" ]; then
    say "completion and man pages: not built yet (they come with the jar); skipped"
    return 0
  fi
  local completion_dir="$root${COMPLETION_DIRS%% *}"
  [ -d "$completion_dir" ] || completion_dir="$root${COMPLETION_DIRS##* }"
  mkdir -p "$completion_dir" "$root$MAN_DIR"
  copy_if_changed "$completion" "$completion_dir/mcscale" 0644
  for page in "$pages"/*.1; do
    copy_if_changed "$page" "$root$MAN_DIR/${page##*/}" 0644
  done
  # zsh has no directory of bash completions; the script turns on bashcompinit itself when sourced.
  say "completion: bash loads it by itself; in zsh add to ~/.zshrc: source ${completion_dir#"$root"}/mcscale"
}

# The env file, checked as the daemon will read it: problems are listed, the install goes on.
check_env_file() {
  [ "$role" != secondary ] || return 0
  if [ "$dry_run" = true ] || [ ! -f "$root$env_file" ]; then
    say "after editing $env_file, check it: bin/mcscale config check --config $env_file"
  elif ! "$install_dir/bin/mcscale" config check --config "$root$env_file"; then
    say "fill in or fix $env_file as listed above, then: bin/mcscale config check --config $env_file"
  fi
}
# --- end of completion, man pages and the env file check ---

# $1 = file name under the secrets dir, $2 = the file to copy (empty: keep the existing one, or generate one).
install_secret() {
  local target="$root$PLATFORM_SECRETS/$1"
  mkdir -p "$root$PLATFORM_SECRETS"
  chmod 0750 "$root$PLATFORM_SECRETS"
  if [ -n "$2" ]; then
    local copy
    copy="$(mktemp)"
    tr -d '\r\n' <"$2" >"$copy"
    copy_if_changed "$copy" "$target" 0600
    rm -f "$copy"
  elif [ ! -s "$target" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$target")
    say "generated $target: copy it to each secondary (install.sh --role secondary --${1}-file ...)"
  fi
  chmod 0600 "$target"
}

# --- The platforms' admin token in the scaler's env file (primary only), so drain and resume work at once. ---
# One token: a PLATFORM_ADMIN_TOKEN already in the env file is kept (and becomes the platforms' admin-token when
# there is none yet); an empty one gets the admin-token install_secret generated. Shown as a 4-character prefix only.
env_admin_token() {
  sed -n 's/^PLATFORM_ADMIN_TOKEN=//p' "$root$env_file" | tail -n 1 | tr -d '\r'
}

seed_admin_token_from_env() {
  local target="$root$PLATFORM_SECRETS/admin-token" token
  { [ -f "$root$env_file" ] && [ ! -s "$target" ]; } || return 0
  token="$(env_admin_token)"
  [ -n "$token" ] || return 0
  mkdir -p "$root$PLATFORM_SECRETS"
  (umask 077 && printf '%s' "$token" >"$target")
  say "wrote $target from PLATFORM_ADMIN_TOKEN in $env_file (${token:0:4}...)"
}

share_admin_token() {
  local token current rewritten
  token="$(tr -d '\r\n' <"$root$PLATFORM_SECRETS/admin-token")"
  current="$(env_admin_token)"
  if [ -z "$current" ]; then
    rewritten="$(mktemp)"
    # awk takes the token from its environment, so no character of it is special to a program.
    TOKEN="$token" awk 'BEGIN { done = 0 }
      /^PLATFORM_ADMIN_TOKEN=$/ && !done { print "PLATFORM_ADMIN_TOKEN=" ENVIRON["TOKEN"]; done = 1; next }
      { print }
      END { if (!done) print "PLATFORM_ADMIN_TOKEN=" ENVIRON["TOKEN"] }' "$root$env_file" >"$rewritten"
    cat "$rewritten" >"$root$env_file"
    rm -f "$rewritten"
    say "set PLATFORM_ADMIN_TOKEN in $env_file to the platforms' admin-token (${token:0:4}...)"
  elif [ "$current" != "$token" ]; then
    say "warning: PLATFORM_ADMIN_TOKEN in $env_file (${current:0:4}...) is not the platforms' $PLATFORM_SECRETS/admin-token" \
        "(${token:0:4}...): drain and resume will be refused; make them the same"
  fi
}
# --- end of the admin token ---

# PostgreSQL listens on the private network for the secondaries' platforms and lets the mcscale role
# in from private addresses only, with a password (scram-sha-256).
configure_postgresql() {
  local cluster
  cluster="$(find "$root/etc/postgresql" -mindepth 2 -maxdepth 2 -name main -type d 2>/dev/null | sort | tail -n 1 || true)"
  if [ -z "$cluster" ]; then
    say "would configure PostgreSQL (none installed under $root/etc/postgresql yet)"
    return 0
  fi
  mkdir -p "$cluster/conf.d"
  copy_if_changed "$deploy_dir/postgres/mcscale.conf" "$cluster/conf.d/mcscale.conf" 0644
  if ! grep -q '^# mcscale: shared job store' "$cluster/pg_hba.conf" 2>/dev/null; then
    cat "$deploy_dir/postgres/pg_hba-mcscale.conf" >>"$cluster/pg_hba.conf"
    say "added the mcscale lines to $cluster/pg_hba.conf"
  fi
  run systemctl restart postgresql
  # The postgres user reads the password file itself (psql's backquotes), so it is never on a command line.
  run chgrp postgres "$root$PLATFORM_SECRETS" "$root$PLATFORM_SECRETS/db-password"
  run chmod 0640 "$root$PLATFORM_SECRETS/db-password"
  run runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -v "pwfile=$PLATFORM_SECRETS/db-password" \
    -f "$deploy_dir/postgres/create-database.sql"
}

# Enabled means started at boot (the multi-user.target.wants link). Under --root this changes only
# files under it, so even --dry-run does it there.
enable_unit() {
  if [ -n "$root" ]; then
    systemctl --root="$root" --quiet enable "$1" || fail "'systemctl --root=$root enable $1' failed"
    say "enabled $1 under $root"
  else
    run systemctl enable "$1"
  fi
}

build_jar() {
  # Under ProtectSystem=strict the services cannot build it.
  run "$install_dir/bin/mcscale" --version
}

install_platform() {
  install_secret db-password "$db_password_from"
  install_secret admin-token "$admin_token_from"
  write_platform_unit
}

install_autoscaler() {
  ensure_package nginx nginx
  backup_default_site
  install_nginx_files
  write_autoscaler_unit
  create_env_file
}

check_java
build_jar
install_completion_and_man_pages
case "$role" in
  primary)
    install_autoscaler
    ensure_package postgresql psql
    seed_admin_token_from_env
    install_platform
    share_admin_token
    configure_postgresql
    run systemctl daemon-reload
    enable_unit "$PLATFORM_SERVICE"
    enable_unit "$SERVICE"
    run systemctl restart "$PLATFORM_SERVICE"
    say "done. Next: edit $env_file (keep PRIMARY_URL=http://127.0.0.1:$platform_port: it tells the scaler this is" \
        "its own machine; PLATFORM_ADMIN_TOKEN is already the platforms' admin-token), then:" \
        "sudo systemctl start $SERVICE; bin/mcscale doctor --config $env_file"
    say "the platform knows users by API key (PLATFORM_AUTH=keys in its unit): add them with sudo bin/mcscale users add NAME" \
        "--tier free|pro|enterprise --store postgres --jdbc-url jdbc:postgresql://127.0.0.1:$db_port/mcscale --db-user mcscale" \
        "--db-password-file $PLATFORM_SECRETS/db-password (docs/DEPLOYMENT.md, \"Users and API keys\")"
    ;;
  secondary)
    install_platform
    run systemctl daemon-reload
    enable_unit "$PLATFORM_SERVICE"
    run systemctl restart "$PLATFORM_SERVICE"
    say "done. $PLATFORM_SERVICE starts at boot on the store at ${db_host}:${db_port}; check: curl -s http://127.0.0.1:$platform_port/api/health"
    ;;
  controller)
    install_autoscaler
    run systemctl daemon-reload
    enable_unit "$SERVICE"
    say "done. Next: edit $env_file (PRIMARY_URL and SECONDARY_URL: the platforms' private addresses), then:" \
        "sudo systemctl start $SERVICE; bin/mcscale doctor --config $env_file"
    ;;
esac
check_env_file
