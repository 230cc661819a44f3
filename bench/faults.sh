#!/usr/bin/env bash
# The fault suite (docs/RELIABILITY.md): every scenario in cli/src/test/java/io/mcscale/cli/faults,
# run against real bin/mcscale processes, then docs/RELIABILITY.md written from the figures each
# scenario left in cli/target/faults/*.json. Extra arguments go to Maven, e.g. one scenario:
#   bench/faults.sh -Dit.test=KillPlatformIT
# Needs what bin/test installs, plus jq, and root for the disk scenarios (tmpfs, loop device; skipped
# otherwise). Takes 4-10 minutes on 2 shared cores; CI runs it too, inside bin/test (-Dfaults.exclude=none),
# without writing docs/RELIABILITY.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v jq >/dev/null 2>&1 || { echo "bench/faults.sh: needs jq (apt-get install jq)" >&2; exit 2; }

figures="$root/cli/target/faults"
rm -rf "$figures" "$root"/cli/target/failsafe-reports/*io.mcscale.cli.faults.*
command_line="mvn -B -pl cli -am verify -Pfaults -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false $*"
started=$(date -u +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
mvn -B -pl cli -am verify -Pfaults -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false "$@" || status=$?
elapsed=$(( $(date -u +%s) - started ))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

out="$root/docs/RELIABILITY.md"
{
  echo "# Reliability: the fault suite"
  echo
  echo "Written by \`bench/faults.sh\` (do not edit by hand). Each scenario runs real \`bin/mcscale\` processes on"
  echo "loopback and checks three things: no accepted simulation lost, no result doubled, and no running machine"
  echo "the scaler forgot. Results say which scenarios held; a failed scenario's figures, when it left any, are"
  echo "what it measured when it failed."
  echo
  echo "- Command: \`bench/faults.sh${*:+ $*}\` (that is \`$command_line\`)"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), $elapsed s in all, Maven exit $status"
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), shared with other builds),"
  echo "  $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"
  echo "- Load average (1, 5, 15 min) at the start: $load_before; at the end: $load_after"
  echo
  echo "## Results"
  echo
  echo "| scenario (IT) | tests | failed | skipped |"
  echo "|---|---|---|---|"
  for report in "$root"/cli/target/failsafe-reports/TEST-io.mcscale.cli.faults.*IT.xml; do
    [ -f "$report" ] || continue
    suite=$(grep -m1 -o '<testsuite [^>]*>' "$report")
    attr() { echo "$suite" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    name=$(basename "$report" .xml | sed 's/^TEST-io.mcscale.cli.faults.//')
    echo "| $name | $(attr tests) | $(( $(attr failures) + $(attr errors) )) | $(attr skipped) |"
  done
  echo
  echo "## Figures"
  echo
  if compgen -G "$figures/*.json" >/dev/null; then
    for file in "$figures"/*.json; do
      jq -r '"### " + .scenario + "\n\n" + .description + "\n\n| figure | value |\n|---|---|\n"
        + ([to_entries[] | select(.key != "scenario" and .key != "description") | "| " + .key + " | " + (.value | tostring) + " |"] | join("\n"))
        + "\n"' "$file"
    done
  else
    echo "No scenario passed in this run."
  fi
  echo
  echo "## How to read it"
  echo
  cat "$root/bench/faults-notes.md"
} > "$out"
echo "bench/faults.sh: wrote $out (Maven exit $status)" >&2
exit "$status"
