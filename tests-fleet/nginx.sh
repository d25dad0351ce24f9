#!/usr/bin/env bash
# Two unmodified nginx instances (Debian's, pre-forking: the master makes the
# contexts, two workers each serve) with the preload share sessions through
# Redis; s_client resumes on the other instance, curl fetches through both.
# The control without the preload shows New.
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
make_certs
start_redis
cd "$WORK" || exit 1

# start_nginx NAME TICKETS(on|off) [noload]: sets NPORT_<NAME>
start_nginx() {
    local name=$1 tickets=$2 port dir="$WORK/nginx-$1"
    port=$(free_port)
    mkdir -p "$dir/tmp" "$dir/logs"
    cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log info;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port ssl;
        server_name localhost;
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_tickets $tickets;
        location / { return 200 "nginx $name\n"; }
    }
}
CONF
    if [ "${3:-}" = noload ]; then
        timeout 300 "$NGINX" -p "$dir" -c "$dir/nginx.conf" >"$dir/stderr" 2>&1 &
    else
        env LD_PRELOAD="$FLEET_LIB" SESSL_FLEET_STORE="redis://127.0.0.1:$REDIS_PORT" \
            SESSL_FLEET_KEY_FILE="$WORK/fleet.key" SESSL_FLEET_STATS=1 \
            timeout 300 "$NGINX" -p "$dir" -c "$dir/nginx.conf" >"$dir/stderr" 2>&1 &
    fi
    PIDS+=($!)
    wait_port "$port" || { echo "nginx $name did not start"; cat "$dir/stderr" "$dir/logs/error.log"; exit 1; }
    local master
    for i in $(seq 20); do master=$(cat "$dir/nginx.pid" 2>/dev/null) && [ -n "$master" ] && break; sleep 0.1; done
    PIDS+=("$master")
    eval "NPORT_$name=$port"
}

start_nginx A off
start_nginx B off
start_nginx C on
start_nginx D on
start_nginx E off noload
start_nginx F off noload
sleep 0.5
check "nginx A: TLS 1.2 full handshake" New "$(client "$NPORT_A" -tls1_2 -sess_out n12.pem)"
check "nginx: A's TLS 1.2 session resumes on B" Reused "$(client "$NPORT_B" -tls1_2 -sess_in n12.pem)"
check "nginx A: TLS 1.3 full handshake (stateful, tickets off)" New "$(client "$NPORT_A" -tls1_3 -sess_out n13.pem)"
check "nginx: A's TLS 1.3 stateful ticket resumes on B" Reused "$(client "$NPORT_B" -tls1_3 -sess_in n13.pem)"
check "nginx: the same ticket again on A: used once already" New "$(client "$NPORT_A" -tls1_3 -sess_in n13.pem)"
check "nginx C: TLS 1.3 full handshake (stateless ticket)" New "$(client "$NPORT_C" -tls1_3 -sess_out nt13.pem)"
check "nginx: C's stateless ticket resumes on D" Reused "$(client "$NPORT_D" -tls1_3 -sess_in nt13.pem)"
for i in 1 2 3 4; do
    r=$(client "$NPORT_B" -tls1_2 -sess_in n12.pem)
    [ "$r" = Reused ] || break
done
check "nginx: B's workers all resume A's session (4 connections)" Reused "$r"
check "control: nginx E TLS 1.2 full handshake" New "$(client "$NPORT_E" -tls1_2 -sess_out c12.pem)"
check "control: E's session on F (no preload)" New "$(client "$NPORT_F" -tls1_2 -sess_in c12.pem)"
out=$(timeout 10 curl -sk --tlsv1.2 --tls-max 1.2 "https://127.0.0.1:$NPORT_A/" "https://127.0.0.1:$NPORT_B/" 2>&1)
check "curl fetches through A and B" "nginx A nginx B" "$(echo $out)"
check "nginx masters stay up" yes "$(kill -0 "$(cat "$WORK/nginx-A/nginx.pid")" && kill -0 "$(cat "$WORK/nginx-B/nginx.pid")" && echo yes)"
check "no worker crashed" "" "$(grep -h -E 'signal (11|6)|exited on signal' "$WORK"/nginx-*/logs/error.log | head -1)"
finish
