#!/usr/bin/env bash
# Removes the monte-carlo-autoscaler service and restores the nginx site install.sh backed up
# (the guide's "Restore original nginx config" emergency procedure:
#  cp /etc/nginx/sites-enabled/default.backup /etc/nginx/sites-enabled/default; reload nginx).
#
#   sudo deploy/uninstall.sh
#   deploy/uninstall.sh --root DIR --dry-run   # tests: files under DIR, commands only printed
#
# It keeps /etc/monte-carlo-autoscaler/.env.autoscaler and the data dir (event store, admin
# token): delete them yourself if you want them gone.
set -euo pipefail

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root=""
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || { echo "uninstall.sh: --root needs a directory" >&2; exit 2; }; root="${2%/}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall.sh: unknown option '$1'; use --root DIR and/or --dry-run" >&2; exit 2 ;;
  esac
done

# shellcheck source=deploy/common.sh
. "$deploy_dir/common.sh"

unit_file="$root/etc/systemd/system/$SERVICE.service"
if [ -e "$unit_file" ]; then
  run systemctl disable --now "$SERVICE"
  rm -f "$unit_file"
  say "removed $unit_file"
  run systemctl daemon-reload
fi

rm -f "$root$NGINX_SITE" "$root$NGINX_UPSTREAM"
say "removed the mcscale nginx site and upstream"
site="$root/etc/nginx/sites-enabled/default"
if [ -e "$site.backup" ]; then
  cp "$site.backup" "$site"
  say "restored $site from $site.backup"
else
  say "no $site.backup: there was no default site to restore"
fi
run nginx -t
run systemctl reload nginx
say "done. Kept: /etc/monte-carlo-autoscaler/.env.autoscaler and the data dir"
