#!/usr/bin/env bash
# The ledger example as a team would run it without the harness: plain processes on loopback, the
# gateway's calls to risk routed through a standalone fault-proxy (a Toxiproxy API), so that
# experiments can attach to it (-Dharness.runtime=attach, attach.yaml beside this script).
#
#   ledger.sh up [gateway-defect]   Kafka (KRaft), fault-proxy and its proxy, risk, gateway-1, writer-1
#   ledger.sh down                  stops everything this script started, removes its data
#   ledger.sh kill|pause|resume|stop|start <instance>    what attach.yaml's commands call
#
# Build first (mvn -B install -DskipTests). Ports are fixed (29092-29093, 28474, 28080, 28090-28091, and
# the JVMs' JMX connectors on loopback: 28099 gateway-1, 28199 writer-1);
# RUN_DIR (default ./run) holds pid files, logs and Kafka's data, and is removed by `down`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
run=${RUN_DIR:-$here/run}
mkdir -p "$run"

KAFKA=127.0.0.1:29092
API_PORT=28474
GATEWAY_PORT=28080
RISK_PORT=28090
RISK_PROXY_PORT=28091
GATEWAY_JMX_PORT=28099
WRITER_JMX_PORT=28199

# a JMX connector on loopback only, without authentication: for a test machine, not for production;
# the JFR recording the harness starts over it keeps its chunks in this run's folder, not in /tmp
# (where a killed JVM's would stay)
jmx() {
  echo "-Dcom.sun.management.jmxremote.port=$1 -Dcom.sun.management.jmxremote.rmi.port=$1" \
    "-Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1" \
    "-Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false" \
    "-XX:FlightRecorderOptions=repository=$run/jfr"
}

pidfile() { echo "$run/$1.pid"; }
alive() { [[ -f $(pidfile "$1") ]] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }

# start NAME LOG-LINE COMMAND...: runs it in the background, waits (60 s) for LOG-LINE in its log
start() {
  local name=$1 ready=$2; shift 2
  if alive "$name"; then return 0; fi
  local from; from=$(stat -c %s "$run/$name.log" 2>/dev/null || echo 0)  # a restart appends: only its own lines count
  (exec "$@" >>"$run/$name.log" 2>&1) &
  echo $! > "$(pidfile "$name")"
  [[ -z $ready ]] && return 0
  for _ in $(seq 1 300); do
    tail -c +$((from + 1)) "$run/$name.log" 2>/dev/null | grep -q -- "$ready" && return 0
    alive "$name" || { echo "$name exited while starting; its log:" >&2; tail -20 "$run/$name.log" >&2; return 1; }
    sleep 0.2
  done
  echo "$name not ready within 60 s (no '$ready' in $run/$name.log)" >&2
  return 1
}

signal() {
  alive "$2" || { echo "$2 is not running" >&2; return 1; }
  kill "-$1" "$(cat "$(pidfile "$2")")"
}

stop_one() {
  local name=$1
  alive "$name" || { rm -f "$(pidfile "$name")"; return 0; }
  local pid; pid=$(cat "$(pidfile "$name")")
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$(pidfile "$name")"
}

start_kafka() {
  local props=$run/kafka.properties
  cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:29093
listeners=PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093
advertised.listeners=PLAINTEXT://127.0.0.1:29092
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$run/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  local cp="$root/kafka-broker/target/lib/*"
  local log4j=-Dlog4j2.configurationFile=$root/images/kafka/log4j2.properties
  java -Xmx256m "$log4j" -cp "$cp" kafka.tools.StorageTool format --cluster-id "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
    --config "$props" --ignore-formatted >>"$run/kafka.log" 2>&1
  start kafka "Kafka Server started" java -Xms256m -Xmx512m "$log4j" -cp "$cp" kafka.Kafka "$props"
  java -Xmx128m "$log4j" -cp "$cp" "$here/CreateTopics.java" "$KAFKA" 6 transfers postings >>"$run/kafka.log" 2>&1
}

start_proxy() {
  start fault-proxy "API on" java -Xmx128m -jar "$root/fault-proxy/target/fault-proxy.jar" --host 127.0.0.1 --port "$API_PORT"
  curl -sf -XPOST "127.0.0.1:$API_PORT/proxies" \
    -d "{\"name\":\"gateway-to-risk\",\"listen\":\"127.0.0.1:$RISK_PROXY_PORT\",\"upstream\":\"127.0.0.1:$RISK_PORT\"}" >/dev/null
}

start_instance() {
  case $1 in
    risk-1) (cd "$root/services-under-test/ledger/risk" && start risk-1 "" python3 risk.py --host 127.0.0.1 --port "$RISK_PORT")
            for _ in $(seq 1 100); do curl -sf "127.0.0.1:$RISK_PORT/health" >/dev/null && return 0; sleep 0.2; done; return 1 ;;
    gateway-1) local defect=${GATEWAY_DEFECT:-$(cat "$run/gateway-defect" 2>/dev/null || echo none)}
            # shellcheck disable=SC2046
            start gateway-1 "ledger-gateway listening on" java -Xms32m -Xmx128m -XX:+UseSerialGC $(jmx "$GATEWAY_JMX_PORT") \
              -jar "$root/services-under-test/ledger/gateway/target/ledger-gateway.jar" --host 127.0.0.1 \
              --port "$GATEWAY_PORT" --instance gateway-1 --bootstrap "$KAFKA" \
              --risk-url "http://127.0.0.1:$RISK_PROXY_PORT" --defect "$defect" ;;
    # shellcheck disable=SC2046
    writer-1) start writer-1 "partitions assigned" java -Xms64m -Xmx192m -XX:+UseG1GC $(jmx "$WRITER_JMX_PORT") \
              -jar "$(ls "$root"/services-under-test/ledger/writer/target/ledger-writer-*-exec.jar)" \
              "--spring.kafka.bootstrap-servers=$KAFKA" --ledger.instance=writer-1 ;;
    *) echo "no instance $1" >&2; return 1 ;;
  esac
}

case ${1:-} in
  up)
    echo "${2:-none}" > "$run/gateway-defect"
    start_kafka
    start_proxy
    for instance in risk-1 writer-1 gateway-1; do start_instance "$instance"; done
    echo "ledger up: gateway http://127.0.0.1:$GATEWAY_PORT (defect: ${2:-none}), Kafka $KAFKA, fault-proxy 127.0.0.1:$API_PORT" ;;
  down)
    for name in gateway-1 writer-1 risk-1 fault-proxy kafka; do stop_one "$name"; done
    rm -rf "$run" ;;
  kill) signal KILL "$2"; rm -f "$(pidfile "$2")" ;;
  pause) signal STOP "$2" ;;
  resume) signal CONT "$2" ;;
  stop) stop_one "$2" ;;
  start) start_instance "$2" ;;
  *) echo "usage: $0 up [gateway-defect] | down | kill|pause|resume|stop|start <instance>" >&2; exit 2 ;;
esac
