#!/usr/bin/env bash
# Installs the mcscale autoscaler as the systemd service monte-carlo-autoscaler, behind nginx
# (the guide's start_autoscaler.sh). Idempotent: a second run changes nothing.
#
#   sudo deploy/install.sh [--user USER] [--data-dir DIR]
#   deploy/install.sh --root DIR --dry-run     # tests: files under DIR, commands only printed
#
# It checks Java 17+, installs nginx if missing, backs up the current nginx site
# (sites-enabled/default -> default.backup, once), installs the mcscale site and upstream,
# checks nginx and reloads it, writes the unit, creates the env file from the example (0600)
# if it is missing, and enables the service. deploy/uninstall.sh undoes it.
set -euo pipefail

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
install_dir="$(cd "$deploy_dir/.." && pwd)"
root=""
dry_run=false
service_user=root
data_dir=/var/lib/monte-carlo-autoscaler

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die_usage() {
  echo "install.sh: $1" >&2
  echo "usage: install.sh [--root DIR] [--dry-run] [--user USER] [--data-dir DIR]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || die_usage "--root needs a directory"; root="${2%/}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --user) [ $# -ge 2 ] || die_usage "--user needs a user name"; service_user="$2"; shift 2 ;;
    --data-dir) [ $# -ge 2 ] || die_usage "--data-dir needs an absolute path"; data_dir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
case "$data_dir" in /*) ;; *) die_usage "--data-dir '$data_dir' must be an absolute path, e.g. /var/lib/monte-carlo-autoscaler" ;; esac
[ -z "$root" ] || [ -d "$root" ] || die_usage "--root '$root' is not a directory; create it first"
[[ "$service_user" =~ ^[a-z_][a-z0-9_-]*$ ]] || die_usage "--user '$service_user' is not a user name; use e.g. root or mcscale"

# shellcheck source=deploy/common.sh
. "$deploy_dir/common.sh"

unit_file="$root/etc/systemd/system/$SERVICE.service"
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

ensure_nginx() {
  if command -v nginx >/dev/null 2>&1; then
    say "nginx: present"
  else
    say "nginx: missing, installing it"
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx
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

write_unit() {
  local rendered
  rendered="$(mktemp)"
  sed -e "s|@USER@|$service_user|g" -e "s|@INSTALL_DIR@|$install_dir|g" \
      -e "s|@ENV_FILE@|$env_file|g" -e "s|@DATA_DIR@|$data_dir|g" \
      "$deploy_dir/systemd/$SERVICE.service" >"$rendered"
  mkdir -p "$(dirname "$unit_file")"
  copy_if_changed "$rendered" "$unit_file" 0644
  rm -f "$rendered"
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
    say "wrote $target (mode 0600): set PAPERSPACE_API_KEY, PRIMARY_MACHINE_ID, SECONDARY_MACHINE_ID"
  fi
  chmod 0600 "$target"
  mkdir -p "$root$data_dir"
  chmod 0750 "$root$data_dir"
}

# --- Shell completion and man pages (from the cli build: cli/target/completion, cli/target/man). ---
# Kept in this one block; the build generates both from the command model, so they match the jar.
install_completion_and_man_pages() {
  local completion="$install_dir/cli/target/completion/mcscale" pages="$install_dir/cli/target/man/man1" page
  if [ ! -f "$completion" ] || [ ! -d "$pages" ]; then
    say "completion and man pages: not built yet (they come with the jar); skipped"
    return 0
  fi
  local completion_dir="$root/usr/share/bash-completion/completions"
  [ -d "$completion_dir" ] || completion_dir="$root/etc/bash_completion.d"
  mkdir -p "$completion_dir" "$root/usr/local/share/man/man1"
  copy_if_changed "$completion" "$completion_dir/mcscale" 0644
  for page in "$pages"/*.1; do
    copy_if_changed "$page" "$root/usr/local/share/man/man1/${page##*/}" 0644
  done
}
# --- end of completion and man pages ---

check_java
ensure_nginx
backup_default_site
install_nginx_files
# Build the jar now: under ProtectSystem=strict the service cannot build it.
run "$install_dir/bin/mcscale" --version
install_completion_and_man_pages
write_unit
create_env_file
run systemctl daemon-reload
run systemctl enable "$SERVICE"
say "done. Next: edit $env_file, then: sudo systemctl start $SERVICE; bin/mcscale doctor --config $env_file"
