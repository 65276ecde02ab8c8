#!/usr/bin/env bash
# Baseline of bench/galera-ready.ts: a 3-node MariaDB Galera cluster made ready by plain docker
# commands, with no mesh (no Toxiproxy, no sidecars, nodes straight on the network, every
# wsrep address a node's own).
#
#   bash bench/galera-ready-baseline.sh <image ref> [run id [owner pid [owner pid start]]] [subnet prefixes]
#
# Every resource carries faultline.run=<run id> plus the owner labels faultline's own runs carry
# (host, pid, pid start). bench/galera-ready.ts passes its Runtime's run id and its own process
# as the owner, so `npx faultline clean` and the Runtime's final sweep of its run cover what is
# left here if this script is killed; without a run id the script makes its own and owns it.
# A scope label (faultline.scope) marks this script's resources, so its trap removes only them
# (on any normal or signalled exit), never others of the same run. Loops are bounded by deadlines.
# Progress goes to stderr; stdout gets one JSON line once the cluster is ready:
#   {"runId":..., "subnet":..., "founderMs":..., "readyMs":..., "userMs":..., "perNodeMs":[...]}
# (milliseconds from the script's start, before the network is created).
set -euo pipefail
export LC_ALL=C

image=${1:?usage: galera-ready-baseline.sh <image ref> [run id [owner pid [owner pid start]]] [subnet prefixes]}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
log() { echo "baseline: $*" >&2; }

if [ -n "${2:-}" ]; then
  run=$2
  owner_pid=${3:-$$}
  owner_start=${4:-}
else
  run="fl-$(date -u +%Y%m%d-%H%M%S)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
  owner_pid=$$
  owner_start=""
fi
if [ -z "$owner_start" ]; then
  stat=$(<"/proc/$owner_pid/stat")
  read -ra fields <<<"${stat##*) }"
  owner_start=${fields[19]}
fi
# Outside the pool's first blocks, where faultline's own runs allocate theirs (and away from the
# Redis baseline's 10.213.240-243); Docker refuses a block in use and the next one is tried.
prefixes=${5:-"10.213.244 10.213.245 10.213.246 10.213.247"}
scope="shell-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
labels=(--label "faultline.run=$run" --label "faultline.host=$(hostname)" --label "faultline.pid=$owner_pid"
  --label "faultline.pid-start=$owner_start" --label "faultline.scope=$scope")

cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=faultline.run=$run" --filter "label=faultline.scope=$scope")
  if [ -n "$ids" ]; then docker rm -f -v $ids >/dev/null || true; fi
  ids=$(docker network ls -q --filter "label=faultline.run=$run" --filter "label=faultline.scope=$scope")
  if [ -n "$ids" ]; then docker network rm $ids >/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

t0=$(now_ms)

# An --internal network on the first free /24 of the candidates.
network="$run-$scope-galera"
subnet=""
for p in $prefixes; do
  if docker network create --internal --subnet "$p.0/24" --gateway "$p.1" "${labels[@]}" --label faultline.role=network "$network" >/dev/null 2>&1; then
    subnet=$p
    break
  fi
done
[ -n "$subnet" ] || { log "no free subnet among: $prefixes"; exit 1; }

# Three nodes at .11-.13 (faultline's addresses). faultline's own server settings for
# mariadb-galera-10.11 with its default topology (lib/clusters/galera/server-args.ts and
# topology.ts: rsync SST, DEFAULT_PROVIDER_OPTIONS) and its start script
# (flavor-mariadb.ts: initialise an empty datadir, the founder with --wsrep-new-cluster), so
# only the mesh differs: here every address is the node's own.
ips=("$subnet.11" "$subnet.12" "$subnet.13")
cluster_address="gcomm://$(
  IFS=,
  echo "${ips[*]}"
)"
start_node() {
  local i=$1 ip=${ips[$(($1 - 1))]} exec_line='exec mariadbd "$@"'
  if [ "$i" -eq 1 ]; then exec_line='exec mariadbd --wsrep-new-cluster "$@"'; fi
  docker run -d --name "$run-$scope-galera-n$i" "${labels[@]}" --label faultline.role=galera --network "$network" --ip "$ip" "$image" \
    bash -c "mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld; if [ ! -d /var/lib/mysql/mysql ]; then mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null; fi; $exec_line" \
    galera-node --user=mysql --bind-address=0.0.0.0 --port=3306 --binlog-format=ROW --default-storage-engine=InnoDB \
    --innodb-autoinc-lock-mode=2 --skip-name-resolve=ON --wsrep-on=ON --wsrep-provider=/usr/lib/galera/libgalera_smm.so \
    --wsrep-cluster-name=faultline "--wsrep-cluster-address=$cluster_address" "--wsrep-node-address=$ip" "--wsrep-node-name=n$i" \
    --wsrep-sst-method=rsync "--wsrep-sst-receive-address=$ip:4444" \
    "--wsrep-provider-options=evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT3S;ist.recv_addr=$ip:4568" \
    >/dev/null
}

# One node's wsrep status, `name<TAB>value` lines, through the server's own client in its
# container (as faultline reads it); nothing if it does not answer within 5 s.
status_of() {
  timeout 5 docker exec "$run-$scope-galera-n$1" mariadb -N -B -e "SHOW GLOBAL STATUS LIKE 'wsrep_%'" 2>/dev/null || true
}
value_of() { awk -F '\t' -v k="$1" '$1 == k { print $2 }'; }

# The first n nodes Primary, of size n, Synced, ready, with one state uuid and one
# configuration id (faultline's readiness, lib/clusters/galera/wsrep-status.ts), polled
# every 250 ms as faultline polls, at most 180 s (faultline's default ready deadline).
wait_ready() {
  local n=$1 deadline=$(($(now_ms) + 180000)) i s ok uuids confs why
  while :; do
    ok=0 uuids="" confs="" why=""
    for i in $(seq 1 "$n"); do
      s=$(status_of "$i")
      if [ "$(value_of wsrep_cluster_status <<<"$s")" = Primary ] && [ "$(value_of wsrep_cluster_size <<<"$s")" = "$n" ] &&
        [ "$(value_of wsrep_local_state_comment <<<"$s")" = Synced ] && [ "$(value_of wsrep_ready <<<"$s")" = ON ]; then
        ok=$((ok + 1))
      else
        why="$why n$i:$(value_of wsrep_cluster_status <<<"$s")/$(value_of wsrep_cluster_size <<<"$s")/$(value_of wsrep_local_state_comment <<<"$s")"
      fi
      uuids="$uuids$(value_of wsrep_cluster_state_uuid <<<"$s")"$'\n'
      confs="$confs$(value_of wsrep_cluster_conf_id <<<"$s")"$'\n'
    done
    if [ "$ok" -eq "$n" ] && [ "$(sort -u <<<"$uuids" | grep -c .)" -eq 1 ] && [ "$(sort -u <<<"$confs" | grep -c .)" -eq 1 ]; then
      return 0
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { log "$n node(s) not Primary and Synced in one view after 180 s:$why"; return 1; }
    sleep 0.25
  done
}

# The founder, then the others one at a time (one donor, one SST at a time), as faultline does.
per_node=()
for i in 1 2 3; do
  start_node "$i" || { log "docker run of n$i failed"; exit 1; }
  wait_ready "$i" || exit 1
  per_node+=($(($(now_ms) - t0)))
  log "n$i ready at ${per_node[-1]} ms"
  if [ "$i" -eq 1 ]; then
    founder=$(now_ms)
    # faultline creates its client user on the founder before the joiners; so does this.
    timeout 15 docker exec "$run-$scope-galera-n1" mariadb -N -B -e \
      "CREATE DATABASE IF NOT EXISTS faultline; CREATE USER IF NOT EXISTS 'faultline'@'%' IDENTIFIED BY 'faultline'; GRANT ALL ON *.* TO 'faultline'@'%'" ||
      { log "client user not created on n1"; exit 1; }
    user_done=$(now_ms)
  fi
done
done_at=$(now_ms)

printf '{"runId":"%s","subnet":"%s.0/24","founderMs":%d,"userMs":%d,"readyMs":%d,"perNodeMs":[%s]}\n' \
  "$run" "$subnet" $((founder - t0)) $((user_done - t0)) $((done_at - t0)) "$(
    IFS=,
    echo "${per_node[*]}"
  )"
