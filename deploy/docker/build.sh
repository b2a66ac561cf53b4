#!/usr/bin/env bash
# Builds the reference server's image (deploy/docker/Dockerfile) with no registry access.
#
#   deploy/docker/build.sh [TAG]        # default tag conform-reference:local
#   CONFORM_IMAGE_PROFILE=release deploy/docker/build.sh conform-reference:release
#
# It builds conform-reference with cargo (the workspace's debug build unless CONFORM_IMAGE_PROFILE
# says otherwise), copies the binary, without its debug sections, and exactly the shared libraries
# `ldd` lists (the loader included) into a staging folder, and builds FROM scratch. The image is
# labelled with the binary's SHA-256; when the tag already holds that binary nothing is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/../.."
tag=${1:-conform-reference:local}
profile=${CONFORM_IMAGE_PROFILE:-dev}
# The dev build is the workspace's, so it shares every artifact with `cargo test --workspace`
# (building the package alone unifies features differently and compiles the server twice).
if [ "$profile" = dev ]; then
    cargo build --quiet --locked --workspace --bins
else
    cargo build --quiet --locked -p conform-reference --bin conform-reference --profile "$profile"
fi
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
case $profile in dev) out=debug ;; *) out=$profile ;; esac
binary="$target_dir/$out/conform-reference"
sum=$(sha256sum "$binary" | cut -d' ' -f1)
if [ "$(docker image inspect --format '{{ index .Config.Labels "conform.binary-sha256" }}' "$tag" 2>/dev/null || true)" = "$sum" ]; then
    echo "deploy/docker/build.sh: $tag already holds this conform-reference ($sum)" >&2
    exit 0
fi
context=$(mktemp -d "$target_dir/docker-context-XXXXXX")
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/rootfs/data" "$context/rootfs/tmp"
objcopy --strip-debug "$binary" "$context/rootfs/conform-reference"
# Every library the binary loads, at the path the loader looks for it (ldd prints "name => path (addr)"
# for libraries and "path (addr)" for the loader; linux-vdso lives in the kernel).
ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | while read -r lib; do
    mkdir -p "$context/rootfs$(dirname "$lib")"
    cp -L "$lib" "$context/rootfs$lib"
done
cp deploy/docker/Dockerfile "$context/Dockerfile"
docker build --quiet --label "conform.binary-sha256=$sum" -t "$tag" "$context" >/dev/null
echo "deploy/docker/build.sh: built $tag ($(docker image inspect --format '{{ .Size }}' "$tag") bytes, conform-reference $sum)" >&2
