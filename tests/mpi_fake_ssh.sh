#!/bin/sh
# A stand-in for ssh as Open MPI's launch agent (--mca plm_rsh_agent): Open MPI calls it as
# `agent HOST COMMAND...` to start its daemon on HOST; this one notes HOST in
# $CONCBENCH_FAKE_SSH_LOG and runs the command here. Host names that do not resolve to this
# machine make Open MPI treat them as other nodes, so the hostfile's launch path runs end to end.
host=$1
shift
[ -n "${CONCBENCH_FAKE_SSH_LOG:-}" ] && echo "$host" >>"$CONCBENCH_FAKE_SSH_LOG"
exec /bin/sh -c "$*"
