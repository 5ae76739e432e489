#!/usr/bin/env bash
# npm run test:slurm: start a single-node Slurm on this machine (scripts/slurm-local.sh), run the
# Slurm suite (an irqstorm sweep submitted as an sbatch array job), and stop the daemons again.
set -euo pipefail
cd "$(dirname "$0")/.."
CONF_LINE="$(scripts/slurm-local.sh start)"
export SLURM_CONF="${CONF_LINE#export SLURM_CONF=}"
rc=0
npx vitest run --config vitest.slurm.config.ts || rc=$?
scripts/slurm-local.sh stop
exit "$rc"
