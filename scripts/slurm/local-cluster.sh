#!/usr/bin/env bash
# A throw-away single-node Slurm cluster for tests and benchmarks, every file under one folder.
#
#   scripts/slurm/local-cluster.sh start  DIR   start munged -> slurmctld -> slurmd, wait until the node is idle,
#                                               print `export SLURM_CONF=DIR/etc/slurm.conf`
#   scripts/slurm/local-cluster.sh stop   DIR   cancel every job, wait for an empty queue, stop exactly the
#                                               daemons `start` started (by the PIDs it recorded)
#   scripts/slurm/local-cluster.sh status DIR   one line per daemon and the node state; exit 0 when all run
#   scripts/slurm/local-cluster.sh env    DIR   print the export line for clients (sbatch, squeue, scontrol)
#
# It installs nothing: it needs Debian's `munge slurmctld slurmd slurm-client` (see .ci/run) and root (slurmd
# launches jobs). No systemd, nothing under /etc, /run or /var: the munge key and socket, slurm.conf, state,
# spool, logs and pid files all live under DIR. Ports: the first free pair from $LOCAL_SLURM_PORT (default
# 6817), so two clusters (or a system Slurm) on one host do not collide.
#
# Robustness: `start` on a running cluster is a no-op; `start` after a run that died (stale pid files, or
# daemons of the old run still up) stops what is left and starts afresh; an interrupt during `start` stops
# what it had started. A daemon is "alive" when /proc/PID exists, is not a zombie (PID 1 may reap late) and
# has the start time recorded when we started it (so a reused PID is never taken for ours). Daemons are
# signalled only by those recorded PIDs; job processes a dead controller left running, only when they
# carry this cluster's SLURM_CONF; nothing is ever found by name.
#
# What we learned setting this up is in the team's notes (slurm-single-node.md); docs/scale.md says how the
# tests and `make bench-province` use it.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|status|env DIR" >&2
    exit 2
}
[ $# -eq 2 ] || usage
action=$1
case $2 in
    /*) dir=$2 ;;
    *) dir=$PWD/$2 ;;
esac
dir=${dir%/}
[ -n "$dir" ] || usage
marker=$dir/.nrplan-local-cluster
pids=$dir/run/started.pids
conf=$dir/etc/slurm.conf
export SLURM_CONF=$conf

say() { echo "local-cluster: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}
# A failed start: stop what was started, then fail.
fail() {
    say "error: $*"
    stop_all
    exit 1
}

# --- processes ---------------------------------------------------------------------------------------------

# The start time (clock ticks since boot, field 22 of /proc/PID/stat) of a process, empty when it is gone.
start_time() {
    local stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
    stat=${stat##*) } # fields after the command name (which may hold spaces and parentheses)
    set -- $stat
    echo "${20}"
}

# State letter (R, S, Z, ...) of a process, empty when it is gone.
proc_state() {
    local stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
    stat=${stat##*) }
    echo "${stat%% *}"
}

# alive PID STARTTIME: the process exists, is not a zombie and is the one we started.
alive() {
    local state
    state=$(proc_state "$1")
    [ -n "$state" ] && [ "$state" != Z ] && [ "$(start_time "$1")" = "$2" ]
}

# Children of PID (from /proc/*/stat), one per line.
children() {
    local parent=$1 stat rest
    for stat in /proc/[0-9]*/stat; do
        { read -r rest <"$stat"; } 2>/dev/null || continue
        rest=${rest##*) }
        set -- $rest # state ppid ...
        if [ "${2:-}" = "$parent" ]; then
            stat=${stat#/proc/}
            echo "${stat%/stat}"
        fi
    done
}

# wait_gone SECONDS PID STARTTIME [PID STARTTIME ...]: polls every 0.1 s until none of them is alive.
wait_gone() {
    local deadline=$((SECONDS + $1)) any i
    shift
    local args=("$@")
    while :; do
        any=0
        for ((i = 0; i < ${#args[@]}; i += 2)); do
            if alive "${args[i]}" "${args[i + 1]}"; then any=1; fi
        done
        [ $any = 0 ] && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

# Records a started daemon: NAME PID, with its start time.
record() {
    local t
    t=$(start_time "$2")
    [ -n "$t" ] || return 1
    echo "$1 $2 $t" >>"$pids"
}

# The pid file daemon NAME writes itself.
pid_file_of() {
    case $1 in
        munged) echo "$dir/munge/munged.pid" ;;
        *) echo "$dir/run/$1.pid" ;;
    esac
}

# The recorded line of daemon NAME ("name pid starttime"), empty when none. A daemon whose start was
# interrupted before it was recorded is found by its own pid file, and taken only when its command line
# names this folder.
recorded() {
    local line="" pid t file
    [ -f "$pids" ] && line=$(awk -v n="$1" '$1 == n { print; exit }' "$pids")
    if [ -z "$line" ]; then
        file=$(pid_file_of "$1")
        pid=$(head -1 "$file" 2>/dev/null | tr -dc 0-9) || true
        if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/"; then
            t=$(start_time "$pid")
            [ -n "$t" ] && line="$1 $pid $t"
        fi
    fi
    echo "$line"
}

# stop_daemon NAME: SIGTERM to the recorded PID (and its descendants we can see), SIGKILL after 15 s.
stop_daemon() {
    local line name pid t
    line=$(recorded "$1")
    [ -n "$line" ] || return 0
    read -r name pid t <<<"$line"
    if ! alive "$pid" "$t"; then return 0; fi
    # Children first noted (slurmd's slurmstepd): with an empty queue there should be none, but if one is
    # left it must not outlive the cluster.
    local kids=() k kt
    for k in $(children "$pid"); do
        kt=$(start_time "$k")
        [ -n "$kt" ] && kids+=("$k" "$kt")
    done
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone 15 "$pid" "$t"; then
        say "$name (pid $pid) ignored SIGTERM for 15 s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone 5 "$pid" "$t" || say "warning: $name (pid $pid) is still alive"
    fi
    if [ ${#kids[@]} -gt 0 ]; then
        local i
        for ((i = 0; i < ${#kids[@]}; i += 2)); do
            alive "${kids[i]}" "${kids[i + 1]}" && kill -TERM "${kids[i]}" 2>/dev/null || true
        done
        if ! wait_gone 10 "${kids[@]}"; then
            for ((i = 0; i < ${#kids[@]}; i += 2)); do
                alive "${kids[i]}" "${kids[i + 1]}" && kill -KILL "${kids[i]}" 2>/dev/null || true
            done
            wait_gone 5 "${kids[@]}" || say "warning: children of $name are still alive"
        fi
    fi
}

# The daemon NAME is recorded and alive.
running() {
    local line name pid t
    line=$(recorded "$1")
    [ -n "$line" ] || return 1
    read -r name pid t <<<"$line"
    alive "$pid" "$t"
}

# --- cluster ------------------------------------------------------------------------------------------------

# Every job of this cluster cancelled, then the queue empty (slurmstepd ignores SIGTERM, and killing it
# would orphan the job's processes, so jobs end through Slurm before any daemon stops).
drain() {
    running slurmctld || return 0
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u) || return 0
    [ -z "$jobs" ] && return 0
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null || true
    local deadline=$((SECONDS + 60))
    while [ -n "$(squeue -h -o %A 2>/dev/null)" ]; do
        if [ $SECONDS -ge $deadline ]; then
            say "warning: the queue is not empty after 60 s: $(squeue -h 2>/dev/null | head -5)"
            return 0
        fi
        sleep 0.1
    done
}

# What is left of this cluster's jobs: slurmstepd processes (slurmd double-forks them, so they are not its
# children) and job processes, recognised by this cluster's SLURM_CONF in their environment (plus
# SLURM_JOB_ID for job processes, so a shell that merely exported SLURM_CONF is not taken). With an empty
# queue there are none; they are left only when the controller of a run that died could not cancel them.
strays() {
    local env p comm v vars conf_set job_set
    for env in /proc/[0-9]*/environ; do
        p=${env#/proc/}
        p=${p%/environ}
        [ "$p" != $$ ] && [ "$p" != "$BASHPID" ] || continue
        vars=()
        { mapfile -d '' -t vars <"$env"; } 2>/dev/null || continue # builtin: no process per /proc entry
        conf_set=0
        job_set=0
        for v in "${vars[@]}"; do
            [ "$v" = "SLURM_CONF=$conf" ] && conf_set=1
            [[ $v == SLURM_JOB_ID=* ]] && job_set=1
        done
        [ $conf_set = 1 ] || continue
        [ "$(proc_state "$p")" != Z ] || continue
        comm=""
        { read -r comm <"/proc/$p/comm"; } 2>/dev/null || continue
        if [ "$comm" = slurmstepd ] || [ $job_set = 1 ]; then echo "$p"; fi
    done
    return 0
}

stop_all() {
    drain
    stop_daemon slurmd
    stop_daemon slurmctld
    stop_daemon munged
    local p left
    left=$(strays)
    if [ -n "$left" ]; then
        say "warning: job processes of this cluster outlived its queue (pids $(echo $left)): SIGKILL"
        # shellcheck disable=SC2086
        kill -KILL $left 2>/dev/null || true
    fi
    rm -f "$pids"
}

# Free TCP port pair from $1: nothing answers on either.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() {
    local p=$1
    while [ $p -lt 65000 ]; do
        if port_free $p && port_free $((p + 1)); then
            echo $p
            return 0
        fi
        p=$((p + 2))
    done
    die "no free TCP port pair from $1"
}

# Runs a daemon with only stdin, stdout and stderr open and every signal at its default: a daemon that keeps
# a descriptor it inherited (munged does) would hold the caller's pipe or process-exit socket open for its
# whole life, so a caller waiting for end-of-file (Foundation's Process, a `$(...)`) would wait for the
# daemon instead of this script; and a signal the caller ignores (nohup, a test runner) stays ignored across
# exec — slurmd and slurmctld would then shrug off the SIGTERM of `stop`. Bash's own descriptor 255 is
# close-on-exec already; `env --default-signal` is GNU coreutils >= 8.31.
daemon() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ] && [ "$fd" != 255 ]; then eval "exec $fd>&-"; fi
        done
        if env --default-signal true 2>/dev/null; then exec env --default-signal "$@"; fi
        exec "$@"
    )
}

# Polls COMMAND every 0.1 s for up to SECONDS; the label names what we waited for.
wait_for() {
    local limit=$1 label=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            say "error: $label did not happen within $limit s"
            return 1
        fi
        sleep 0.1
    done
}

# Reads the pid file a daemonising daemon writes, waiting for it.
pid_from_file() {
    local file=$1 deadline=$((SECONDS + 15))
    until [ -s "$file" ]; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
    head -1 "$file" | tr -d ' \n'
}

node_idle() { [ "$(sinfo -h -N -n "$node" -o %T 2>/dev/null)" = idle ]; }
munge_works() { munge -S "$dir/munge/munge.socket" -n </dev/null | unmunge -S "$dir/munge/munge.socket"; }

write_conf() {
    local hw cpus sockets cores threads mem port select
    hw=$(slurmd -C | head -1)
    field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $hw"; }
    node=$(field NodeName)
    cpus=$(field CPUs)
    sockets=$(field SocketsPerBoard)
    cores=$(field CoresPerSocket)
    threads=$(field ThreadsPerCore)
    mem=$(field RealMemory)
    [ -n "$node" ] && [ -n "$cpus" ] && [ -n "$mem" ] || die "cannot read the node from 'slurmd -C': $hw"
    mem=$((mem * 9 / 10)) # a little below what the kernel reports, or slurmd drains the node
    # Every vCPU is one job slot: CR_CPU (with CR_Core, 1 core × 2 threads would be one slot).
    select=CR_CPU
    port=$(free_ports "${LOCAL_SLURM_PORT:-6817}")
    mkdir -p "$dir/etc"
    : >"$dir/etc/plugstack.conf"
    cat >"$conf" <<EOF
# Written by scripts/slurm/local-cluster.sh: a throw-away single-node cluster, every file under $dir.
ClusterName=nrplan-local
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
PlugStackConfig=$dir/etc/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=$select
ReturnToService=2
MinJobAge=600
MailProg=/bin/true
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus Sockets=$sockets CoresPerSocket=$cores ThreadsPerCore=$threads RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
    local missing=() b
    for b in mungekey munged munge unmunge slurmctld slurmd sbatch squeue scancel scontrol sinfo; do
        command -v "$b" >/dev/null 2>&1 || missing+=("$b")
    done
    [ ${#missing[@]} -eq 0 ] || die "not installed: ${missing[*]} (Debian: apt-get install --no-install-recommends munge slurmctld slurmd slurm-client)"
    [ "$(id -u)" = 0 ] || die "needs root: slurmd launches jobs as their owner"
    if [ -e "$dir" ] && [ ! -f "$marker" ] && [ -n "$(ls -A "$dir")" ]; then
        die "$dir exists, is not empty and is not a local cluster folder (no $(basename "$marker")): refusing to use it"
    fi
    if [ -f "$marker" ] && running munged && running slurmctld && running slurmd; then
        node=$(awk '/^NodeName=/ { sub(/NodeName=/, "", $1); print $1 }' "$conf")
        if wait_for 10 "node $node idle" node_idle; then
            say "already running ($dir)"
            echo "export SLURM_CONF=$conf"
            return 0
        fi
    fi
    trap 'say "interrupted: stopping what was started"; stop_all; exit 130' INT
    trap 'say "terminated: stopping what was started"; stop_all; exit 143' TERM
    # Whatever is left of an earlier run (daemons of a run that died, stale files) goes first.
    [ -f "$marker" ] && stop_all
    mkdir -p "$dir"
    touch "$marker"
    rm -rf "$dir/munge" "$dir/state" "$dir/spool" "$dir/run" "$dir/log" "$dir/etc"
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/run" "$dir/log"
    # munged refuses folders that are not 0755 ("execute permissions for all required"); only the key is 0600.
    chmod 0755 "$dir" "$dir/munge"

    local clock=$SECONDS pid
    mungekey --create --keyfile="$dir/munge/munge.key" --force
    chmod 0600 "$dir/munge/munge.key"
    daemon munged --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
        --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
        --seed-file="$dir/munge/munged.seed" </dev/null >>"$dir/log/munged.out" 2>&1 ||
        fail "munged did not start: $(tail -3 "$dir/munge/munged.log" 2>/dev/null)"
    pid=$(pid_from_file "$dir/munge/munged.pid") || fail "munged wrote no pid file"
    record munged "$pid" || fail "munged (pid $pid) died at once: $(tail -3 "$dir/munge/munged.log")"
    wait_for 10 "a munge round trip" munge_works || fail "munged does not answer"

    write_conf
    daemon slurmctld -f "$conf" </dev/null >>"$dir/log/slurmctld.out" 2>&1 ||
        fail "slurmctld did not start: $(tail -5 "$dir/log/slurmctld.log" 2>/dev/null)"
    pid=$(pid_from_file "$dir/run/slurmctld.pid") || fail "slurmctld wrote no pid file"
    record slurmctld "$pid" || fail "slurmctld died at once: $(tail -5 "$dir/log/slurmctld.log")"
    wait_for 15 "slurmctld answering" scontrol ping ||
        fail "slurmctld does not answer: $(tail -5 "$dir/log/slurmctld.log")"

    daemon slurmd -f "$conf" -N "$node" </dev/null >>"$dir/log/slurmd.out" 2>&1 ||
        fail "slurmd did not start: $(tail -5 "$dir/log/slurmd.log" 2>/dev/null)"
    pid=$(pid_from_file "$dir/run/slurmd.pid") || fail "slurmd wrote no pid file"
    record slurmd "$pid" || fail "slurmd died at once: $(tail -5 "$dir/log/slurmd.log")"
    wait_for 30 "node $node idle" node_idle ||
        fail "node $node is not idle: $(sinfo -h -N -o '%N %T %E' 2>&1); $(tail -3 "$dir/log/slurmd.log")"
    trap - INT TERM
    say "node $node idle ($(sed -n 's/^NodeName=.* \(CPUs=[0-9]*\).*/\1/p' "$conf"), $(sed -n 's/^SelectTypeParameters=//p' "$conf"), port $(sed -n 's/^SlurmctldPort=//p' "$conf")) in $((SECONDS - clock)) s"
    echo "export SLURM_CONF=$conf"
}

status() {
    local all=0 name line pid t
    for name in munged slurmctld slurmd; do
        line=$(recorded "$name")
        if [ -z "$line" ]; then
            echo "$name: not started"
            all=1
            continue
        fi
        read -r name pid t <<<"$line"
        if alive "$pid" "$t"; then
            echo "$name: running (pid $pid)"
        else
            echo "$name: not running (pid $pid was recorded)"
            all=1
        fi
    done
    if [ $all = 0 ]; then
        sinfo -h -N -o "node %N: %T, %c CPUs" 2>/dev/null || echo "node: slurmctld does not answer"
        echo "export SLURM_CONF=$conf"
    fi
    return $all
}

case $action in
    start) start ;;
    stop)
        if [ ! -f "$marker" ]; then
            say "$dir is not a local cluster folder: nothing to stop"
            exit 0
        fi
        trap '' INT TERM # a stop half done is worse than a stop finished
        stop_all
        say "stopped ($dir)"
        ;;
    status) status ;;
    env) echo "export SLURM_CONF=$conf" ;;
    *) usage ;;
esac
