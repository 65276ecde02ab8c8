#!/usr/bin/env bash
# Baseline of bench/redis-ready.ts: a 3-master x 1-replica Redis Cluster made ready by plain
# docker commands, with no mesh (no Toxiproxy, no sidecars, nodes straight on the network).
#
#   bash bench/redis-ready-baseline.sh <image ref> [subnet prefix, e.g. 10.213.240]
#
# Every resource carries faultline.run=<its own run id> plus the owner labels faultline's own
# runs carry (host, pid, pid start), so `npx faultline clean` sweeps it if this script is
# killed; on any normal or signalled exit the trap removes it. Loops are bounded by deadlines.
# Progress goes to stderr; stdout gets one JSON line once the cluster is ready:
#   {"runId":..., "subnet":..., "nodesUpMs":..., "createdMs":..., "readyMs":..., "viewsAgreeMs":...}
# (milliseconds from the script's start, before the network is created; viewsAgreeMs -1 if never).
set -euo pipefail
export LC_ALL=C

image=${1:?usage: redis-ready-baseline.sh <image ref> [subnet prefix a.b.c]}
prefixes=${2:-"10.213.240 10.213.241 10.213.242 10.213.243"}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
log() { echo "baseline: $*" >&2; }

run="fl-$(date -u +%Y%m%d-%H%M%S)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
stat=$(</proc/$$/stat)
read -ra fields <<<"${stat##*) }"
labels=(--label "faultline.run=$run" --label "faultline.host=$(hostname)" --label "faultline.pid=$$" --label "faultline.pid-start=${fields[19]}")

cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=faultline.run=$run")
  if [ -n "$ids" ]; then docker rm -f -v $ids >/dev/null || true; fi
  ids=$(docker network ls -q --filter "label=faultline.run=$run")
  if [ -n "$ids" ]; then docker network rm $ids >/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

t0=$(now_ms)

# An --internal network on the first free /24 of the candidates.
network="$run-redis"
subnet=""
for p in $prefixes; do
  if docker network create --internal --subnet "$p.0/24" --gateway "$p.1" "${labels[@]}" --label faultline.role=network "$network" >/dev/null 2>&1; then
    subnet=$p
    break
  fi
done
[ -n "$subnet" ] || { log "no free subnet among: $prefixes"; exit 1; }

# Six nodes at .11-.16 (faultline's addresses), started at once as faultline starts them;
# faultline's own server settings (lib/clusters/redis/server-args.ts) so only the mesh differs.
ips=()
pids=()
for i in 1 2 3 4 5 6; do
  ip="$subnet.$((10 + i))"
  ips+=("$ip")
  docker run -d --name "$run-redis-n$i" "${labels[@]}" --label faultline.role=redis --network "$network" --ip "$ip" "$image" \
    redis-server --port 6379 --cluster-enabled yes --cluster-node-timeout 5000 --protected-mode no --cluster-announce-ip "$ip" \
    --repl-diskless-sync-delay 0 --bind 0.0.0.0 --dir /tmp --cluster-config-file nodes.conf --appendonly yes >/dev/null &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { log "docker run failed"; exit 1; }; done

# One command to one node from the host through bash's /dev/tcp (the host has no redis-cli);
# prints a simple reply's line or a bulk reply's body.
redis_cmd() {
  local ip=$1 header body=""
  shift
  exec 3<>"/dev/tcp/$ip/6379" || return 1
  printf '%s\r\n' "$*" >&3
  if ! IFS= read -r -t 2 header <&3; then
    exec 3<&-
    return 1
  fi
  header=${header%$'\r'}
  if [[ $header == \$* ]] && [ "${header#\$}" -gt 0 ]; then
    IFS= read -r -t 2 -N "${header#\$}" body <&3 || true
    printf '%s\n' "$body"
  else
    printf '%s\n' "$header"
  fi
  exec 3<&-
}

# Every node answers PING (every 100 ms, at most 60 s).
deadline=$(($(now_ms) + 60000))
for _ in $(seq 1 600); do
  up=0
  for ip in "${ips[@]}"; do
    if [ "$(redis_cmd "$ip" PING 2>/dev/null)" = "+PONG" ]; then up=$((up + 1)); fi
  done
  [ "$up" -eq 6 ] && break
  [ "$(now_ms)" -lt "$deadline" ] || { log "only $up of 6 nodes answer PING after 60 s"; exit 1; }
  sleep 0.1
done
[ "$up" -eq 6 ] || { log "only $up of 6 nodes answer PING"; exit 1; }
nodes_up=$(now_ms)

addresses=()
for ip in "${ips[@]}"; do addresses+=("$ip:6379"); done
docker exec "$run-redis-n1" redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >/dev/null
created=$(now_ms)

# Ready: cluster_state:ok on every node, three replicas, each with master_link_status:up
# (every 200 ms, at most 60 s).
deadline=$(($(now_ms) + 60000))
ready=0
for _ in $(seq 1 300); do
  ok=0 replicas=0 linked=0
  for ip in "${ips[@]}"; do
    info=$(redis_cmd "$ip" CLUSTER INFO 2>/dev/null || true)
    if grep -q '^cluster_state:ok' <<<"$info"; then ok=$((ok + 1)); fi
    replication=$(redis_cmd "$ip" INFO replication 2>/dev/null || true)
    if grep -q '^role:slave' <<<"$replication"; then
      replicas=$((replicas + 1))
      if grep -q '^master_link_status:up' <<<"$replication"; then linked=$((linked + 1)); fi
    fi
  done
  if [ "$ok" -eq 6 ] && [ "$replicas" -eq 3 ] && [ "$linked" -eq 3 ]; then
    ready=1
    break
  fi
  [ "$(now_ms)" -lt "$deadline" ] || break
  sleep 0.2
done
[ "$ready" -eq 1 ] || { log "not ready: $ok of 6 nodes ok, $replicas replicas, $linked linked"; exit 1; }
done_at=$(now_ms)

# Not part of the ready time above: faultline's readiness also waits until every node's
# CLUSTER NODES gives one view (slot ranges by owner address, each replica's master), which
# gossip takes a while to spread after the create. Measured on, so the two can be compared
# like for like (every 200 ms, at most 30 s more).
view_signature() {
  tr -d '\r' | awk 'NF >= 8 {
      split($2, a, "@"); addr[$1] = a[1]; n++; id[n] = $1; master[n] = $4; slots[n] = ""
      role[n] = ($3 ~ /master/) ? "master" : "replica"
      for (i = 9; i <= NF; i++) slots[n] = slots[n] " " $i
    }
    END { for (i = 1; i <= n; i++) print addr[id[i]], (role[i] == "master" ? "master" slots[i] : "replica-of " addr[master[i]]) }' | sort | md5sum
}
deadline=$(($(now_ms) + 30000))
agreed_at=-1
for _ in $(seq 1 150); do
  signatures=$(for ip in "${ips[@]}"; do redis_cmd "$ip" CLUSTER NODES 2>/dev/null | view_signature; done | sort -u | wc -l)
  if [ "$signatures" -eq 1 ]; then
    agreed_at=$(now_ms)
    break
  fi
  [ "$(now_ms)" -lt "$deadline" ] || break
  sleep 0.2
done
[ "$agreed_at" -ge 0 ] || log "views still differ 30 s after ready"

printf '{"runId":"%s","subnet":"%s.0/24","nodesUpMs":%d,"createdMs":%d,"readyMs":%d,"viewsAgreeMs":%d}\n' \
  "$run" "$subnet" $((nodes_up - t0)) $((created - t0)) $((done_at - t0)) $((agreed_at < 0 ? -1 : agreed_at - t0))
