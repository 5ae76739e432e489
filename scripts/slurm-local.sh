#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for testing `irqstorm sweep` as an array job
# (npm run test:slurm). Debian's slurm-wlm and munge; run as root.
#
#   scripts/slurm-local.sh install   apt-get install slurm-wlm munge when missing
#   scripts/slurm-local.sh start     munged + slurmctld + slurmd; prints the SLURM_CONF to export
#   scripts/slurm-local.sh stop      stops the daemons this script started (by their pid files)
#   scripts/slurm-local.sh status    sinfo
#
# The recipe: a munge key owned by munge (mode 400) and munged running as the munge user; a
# slurm.conf with this host as controller and only node, munge authentication, process tracking
# by /proc (proctrack/linuxproc: no cgroups needed in a container), no task plugin, cons_tres
# selection, SlurmUser=root, spool and state folders, one node with this machine's CPUs and
# memory, one default partition. Everything lives in $IRQSTORM_SLURM_DIR (default
# /tmp/irqstorm-slurm); clients find it through SLURM_CONF.
set -euo pipefail

DIR="${IRQSTORM_SLURM_DIR:-/tmp/irqstorm-slurm}"
CONF="$DIR/slurm.conf"
HOST="$(hostname -s)"

need_root() {
  if [ "$(id -u)" != 0 ]; then echo "slurm-local: run as root (the daemons and munge need it)" >&2; exit 2; fi
}

install() {
  need_root
  if command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1; then return; fi
  echo "slurm-local: installing slurm-wlm and munge from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
}

start_munge() {
  if [ -S /run/munge/munge.socket.2 ] && munge -n </dev/null >/dev/null 2>&1; then return; fi
  mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  chmod 700 /etc/munge
  chmod 400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
  echo "munged" >"$DIR/started-munge"
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && return; sleep 0.1; done
  echo "slurm-local: munged did not answer" >&2
  exit 1
}

write_conf() {
  local cpus mem
  cpus="$(nproc)"
  # Leave the rest of the memory to the system; Slurm refuses a node reporting less than it says.
  mem="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  cat >"$CONF" <<EOF
ClusterName=irqstorm-local
SlurmctldHost=$HOST
AuthType=auth/munge
CryptoType=crypto/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$HOST CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  need_root
  install
  mkdir -p "$DIR"
  start_munge
  write_conf
  export SLURM_CONF="$CONF"
  if ! [ -s "$DIR/slurmctld.pid" ] || ! kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then slurmctld -f "$CONF"; fi
  if ! [ -s "$DIR/slurmd.pid" ] || ! kill -0 "$(cat "$DIR/slurmd.pid")" 2>/dev/null; then slurmd -f "$CONF"; fi
  # The node registers within seconds; wait until it takes jobs.
  for _ in $(seq 100); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "export SLURM_CONF=$CONF"
      return
    fi
    sleep 0.3
  done
  echo "slurm-local: the node did not come up; see $DIR/log/" >&2
  sinfo -N -l >&2 || true
  exit 1
}

stop() {
  for d in slurmd slurmctld; do
    if [ -s "$DIR/$d.pid" ]; then kill "$(cat "$DIR/$d.pid")" 2>/dev/null || true; fi
  done
  if [ -f "$DIR/started-munge" ] && [ -s /run/munge/munged.pid ]; then
    kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    rm -f "$DIR/started-munge"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF="$CONF" sinfo ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
