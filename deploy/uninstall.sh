#!/usr/bin/env bash
# Removes the monte-carlo-autoscaler and monte-carlo-platform services and restores the nginx
# site install.sh backed up (the guide's "Restore original nginx config" emergency procedure:
#  cp /etc/nginx/sites-enabled/default.backup /etc/nginx/sites-enabled/default; reload nginx).
#
#   sudo deploy/uninstall.sh
#   deploy/uninstall.sh --root DIR --dry-run   # tests: files under DIR, commands only printed
#
# It keeps /etc/monte-carlo-autoscaler/.env.autoscaler, /etc/monte-carlo-platform (the database
# password, the platforms' admin token), the data dirs and PostgreSQL's database: delete them
# yourself if you want them gone.
set -euo pipefail

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root=""
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || { echo "uninstall.sh: --root needs a directory" >&2; exit 2; }; root="${2%/}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall.sh: unknown option '$1'; use --root DIR and/or --dry-run" >&2; exit 2 ;;
  esac
done

# shellcheck source=deploy/common.sh
. "$deploy_dir/common.sh"

for service in "$SERVICE" "$PLATFORM_SERVICE"; do
  unit_file="$root/etc/systemd/system/$service.service"
  if [ -e "$unit_file" ]; then
    if [ -n "$root" ]; then
      systemctl --root="$root" --quiet disable "$service" || fail "'systemctl --root=$root disable $service' failed"
    fi
    run systemctl disable --now "$service"
    rm -f "$unit_file"
    say "removed $unit_file"
    run systemctl daemon-reload
  fi
done

site="$root/etc/nginx/sites-enabled/default"
# A secondary has no nginx of ours: leave nginx alone there.
if [ -e "$root$NGINX_SITE" ] || [ -e "$site.backup" ]; then
  rm -f "$root$NGINX_SITE" "$root$NGINX_UPSTREAM"
  say "removed the mcscale nginx site and upstream"
  if [ -e "$site.backup" ]; then
    cp "$site.backup" "$site"
    say "restored $site from $site.backup"
  else
    say "no $site.backup: there was no default site to restore"
  fi
  run nginx -t
  run systemctl reload nginx
fi
# What install.sh installed beside the services: the bash completion and the man pages.
for dir in $COMPLETION_DIRS; do
  if [ -e "$root$dir/mcscale" ]; then
    rm -f "$root$dir/mcscale"
    say "removed $dir/mcscale"
  fi
done
for page in "$root$MAN_DIR"/mcscale.1 "$root$MAN_DIR"/mcscale-*.1; do
  [ -e "$page" ] || continue
  rm -f "$page"
  removed_pages=true
done
[ "${removed_pages:-false}" = false ] || say "removed the mcscale man pages from $MAN_DIR"
say "done. Kept: /etc/monte-carlo-autoscaler/.env.autoscaler, /etc/monte-carlo-platform, the data dirs and the database"
