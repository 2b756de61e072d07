#!/usr/bin/env bash
# Builds llama.cpp's llama-server, llama-bench, llama-batched-bench and llama-quantize (CPU only) from the exact llama.cpp source that node-llama-cpp ships
# (node_modules/node-llama-cpp/llama/gitRelease.bundle), so raw llama.cpp can be compared with node-llama-cpp on the
# same code. Offline: no network is used (no curl, no OpenSSL, no web UI download).
#
#   npm run build-llama-cpp                  # or: bash scripts/build-llama-cpp.sh
#
# Cache folder: $READOUT_LLAMA_CPP_DIR, else ${XDG_CACHE_HOME:-~/.cache}/readout/llama.cpp/<llama.cpp commit>: outside the
# checkout, so every checkout and CI run on the same machine builds it once. It holds src/ (the clone), build/ and a
# stamp file; work is skipped when the binaries exist and the stamp matches the build options. <repo>/.cache/llama.cpp
# is made a symbolic link to it (the benchmarks and tests look there first). A lock file keeps two builds of the same
# commit (a test run and a benchmark, two checkouts) from writing the same folder at once.
# Prints the two binary paths (llama-bench first, then llama-server) on stdout; progress goes to stderr.
# Environment: READOUT_LLAMA_CPP_JOBS (default 2) sets the parallel compile jobs.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="$repo_root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
jobs="${READOUT_LLAMA_CPP_JOBS:-2}"

log() { printf '[build-llama-cpp] %s\n' "$*" >&2; }

for tool in git cmake c++; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing required tool: $tool"; exit 1; }
done
[[ -f "$bundle" ]] || { log "llama.cpp bundle not found: $bundle (is node-llama-cpp installed?)"; exit 1; }

commit="$(git bundle list-heads "$bundle" | awk '$2 == "HEAD" { print $1; exit }')"
[[ -n "$commit" ]] || commit="$(git bundle list-heads "$bundle" | awk 'NR == 1 { print $1 }')"
[[ -n "$commit" ]] || { log "cannot read the commit of $bundle"; exit 1; }

cache_dir="${READOUT_LLAMA_CPP_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/readout/llama.cpp/$commit}"
src_dir="$cache_dir/src"
build_dir="$cache_dir/build"
stamp_file="$cache_dir/build.stamp"

# <repo>/.cache/llama.cpp points at the shared cache (kept as is when it is a real folder or READOUT_LLAMA_CPP_DIR is set).
link_repo_cache() {
  [[ -n "${READOUT_LLAMA_CPP_DIR:-}" ]] && return 0
  local link="$repo_root/.cache/llama.cpp"
  if [[ -L "$link" || ! -e "$link" ]]; then
    mkdir -p "$repo_root/.cache"
    ln -sfn "$cache_dir" "$link"
  fi
}

mkdir -p "$cache_dir"
exec 9>"$cache_dir/.lock"
if ! flock -n 9; then
  log "another build of ${commit:0:12} is running; waiting for it"
  flock 9
fi

cmake_options=(
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=OFF
  -DLLAMA_CURL=OFF
  -DLLAMA_OPENSSL=OFF
  -DLLAMA_BUILD_UI=OFF
  -DLLAMA_USE_PREBUILT_UI=OFF
  -DLLAMA_BUILD_TESTS=OFF
  -DLLAMA_BUILD_EXAMPLES=OFF
  -DGGML_NATIVE=ON
  -DGGML_CUDA=OFF
  -DGGML_VULKAN=OFF
  -DGGML_METAL=OFF
)
stamp="$commit ${cmake_options[*]}"

bench_bin="$build_dir/bin/llama-bench"
server_bin="$build_dir/bin/llama-server"
batched_bin="$build_dir/bin/llama-batched-bench"
quantize_bin="$build_dir/bin/llama-quantize"

if [[ -x "$bench_bin" && -x "$server_bin" && -x "$batched_bin" && -x "$quantize_bin" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  log "up to date (llama.cpp commit ${commit:0:12}, $cache_dir)"
  link_repo_cache
  printf '%s\n%s\n' "$bench_bin" "$server_bin"
  exit 0
fi

rm -f "$stamp_file"

if [[ -d "$src_dir/.git" ]] && [[ "$(git -C "$src_dir" rev-parse HEAD 2>/dev/null || true)" == "$commit" ]]; then
  log "source already at ${commit:0:12}"
else
  log "cloning $bundle into $src_dir"
  rm -rf "$src_dir" "$build_dir"
  git clone --quiet "$bundle" "$src_dir"
  git -C "$src_dir" -c advice.detachedHead=false checkout --quiet "$commit"
fi

start_s=$SECONDS
log "configuring (cmake ${cmake_options[*]})"
cmake -S "$src_dir" -B "$build_dir" "${cmake_options[@]}" >&2
log "building llama-server, llama-bench, llama-batched-bench and llama-quantize with -j$jobs"
cmake --build "$build_dir" --config Release --target llama-server llama-bench llama-batched-bench llama-quantize -j "$jobs" >&2

[[ -x "$bench_bin" ]] || { log "build finished but $bench_bin is missing"; exit 1; }
[[ -x "$server_bin" ]] || { log "build finished but $server_bin is missing"; exit 1; }
[[ -x "$batched_bin" ]] || { log "build finished but $batched_bin is missing"; exit 1; }
[[ -x "$quantize_bin" ]] || { log "build finished but $quantize_bin is missing"; exit 1; }
printf '%s\n' "$stamp" >"$stamp_file"
link_repo_cache
log "built in $((SECONDS - start_s)) s (llama.cpp commit ${commit:0:12})"
printf '%s\n%s\n' "$bench_bin" "$server_bin"
