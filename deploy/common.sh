# Shared by install.sh and uninstall.sh (sourced; expects $root and $dry_run).
SERVICE=monte-carlo-autoscaler
PLATFORM_SERVICE=monte-carlo-platform
PLATFORM_SECRETS=/etc/monte-carlo-platform
NGINX_SITE=/etc/nginx/conf.d/monte-carlo.conf
NGINX_UPSTREAM=/etc/nginx/conf.d/monte-carlo-upstream.conf
# install.sh puts the bash completion in the first of these that exists (bash-completion's, else the old one).
COMPLETION_DIRS="/usr/share/bash-completion/completions /etc/bash_completion.d"
MAN_DIR=/usr/local/share/man/man1

say() {
  echo "${0##*/}: $*"
}

fail() {
  echo "${0##*/}: $*" >&2
  exit 1
}

# Commands that change the machine outside --root: printed under --dry-run, run otherwise.
run() {
  if [ "$dry_run" = true ]; then
    say "would run: $*"
  else
    "$@" || fail "'$*' failed (exit $?); fix it and run me again"
  fi
}

# Installs $1 as $2 with mode $3 unless $2 already has exactly that content and mode.
copy_if_changed() {
  if [ -f "$2" ] && cmp -s "$1" "$2" && [ "$(stat -c %a "$2")" = "${3#0}" ]; then
    return 0
  fi
  install -m "$3" "$1" "$2"
  say "wrote $2"
}
