#!/usr/bin/env bash
# A private Docker daemon for the container tests: data, sockets and logs all in one temp folder,
# vfs storage (works on any filesystem, no kernel modules), removed again at stop.
#
#   eval "$(tools/dockerd.sh start)"   # starts it, prints `export DOCKER_HOST=unix://…/docker.sock; export CONFORM_DOCKERD_DIR=…`
#   tools/dockerd.sh stop              # stops the daemon named by CONFORM_DOCKERD_DIR and deletes its folder
#
# start installs Debian's docker.io when dockerd is missing (needs root and apt).
set -euo pipefail

start() {
    if ! command -v dockerd >/dev/null; then
        echo "tools/dockerd.sh: installing docker.io (dockerd is missing)" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2
    fi
    local dir
    dir=$(mktemp -d /tmp/conform-dockerd-XXXXXX)
    dockerd --storage-driver=vfs \
        --host "unix://$dir/docker.sock" \
        --data-root "$dir/data" \
        --exec-root "$dir/exec" \
        --pidfile "$dir/dockerd.pid" \
        --iptables=false --ip6tables=false \
        >"$dir/dockerd.log" 2>&1 &
    echo $! >"$dir/launcher.pid"
    for _ in $(seq 1 120); do
        if DOCKER_HOST="unix://$dir/docker.sock" docker version >/dev/null 2>&1; then
            echo "export DOCKER_HOST=unix://$dir/docker.sock; export CONFORM_DOCKERD_DIR=$dir"
            return 0
        fi
        if ! kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    echo "tools/dockerd.sh: dockerd did not come up; its log ($dir/dockerd.log) ends:" >&2
    tail -n 20 "$dir/dockerd.log" >&2 || true
    CONFORM_DOCKERD_DIR=$dir stop
    return 1
}

stop() {
    local dir=${CONFORM_DOCKERD_DIR:-}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    local pid
    pid=$(cat "$dir/launcher.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        # Containers first, so their mounts are gone before the data folder is deleted.
        DOCKER_HOST="unix://$dir/docker.sock" docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$dir/docker.sock" docker rm -f >/dev/null 2>&1 || true
        kill "$pid"
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    # A killed daemon can leave mounts of its own under the folder.
    grep -o " $dir[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
    echo "usage: tools/dockerd.sh start|stop" >&2
    exit 2
    ;;
esac
