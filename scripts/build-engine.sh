#!/usr/bin/env bash
# Builds the inference engine Readout runs (node-llama-cpp's native binding with llama.cpp) from the llama.cpp source
# that node-llama-cpp ships (node_modules/node-llama-cpp/llama/gitRelease.bundle), compiled for this machine's CPU,
# and for its GPU when a CUDA or Vulkan toolkit is installed. Offline: nothing is downloaded.
#
#   npm run build-engine              # skipped when a build exists; --force builds again
#
# Why: the prebuilt binaries are portable builds. On our 2-core AMD EPYC test machine the build made here
# processed prompts about twice as fast (pp512: ~255 → ~530 tokens/s on the benchmark model, 2 threads).
# node-llama-cpp prefers a local build over its prebuilt binaries, so nothing else changes; the Models page and
# `bench/llm.bench.ts` say which one runs. The build lives in node_modules/node-llama-cpp/llama/localBuilds, so
# `npm ci` removes it: run this again after reinstalling. Undo with: npx --no node-llama-cpp source clear
# The build also carries Readout's patch to the binding (scripts/engine-patches): generation steps run on the engine
# process's own thread instead of node-llama-cpp's thread pool (tg ~+7% here). Without it nothing else changes.
# Takes about 10 minutes on 2 cores. Environment: READOUT_ENGINE_GPU=auto|cuda|vulkan|false (default auto).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
pkg="node_modules/node-llama-cpp"
[[ -d "$pkg" ]] || { echo "[build-engine] node-llama-cpp is not installed: run npm ci first" >&2; exit 1; }
command -v cmake >/dev/null 2>&1 || { echo "[build-engine] cmake is required (apt-get install -y cmake build-essential)" >&2; exit 1; }

# Readout's patch to the binding (scripts/engine-patches/*.patch): generation steps on the engine process's own
# thread (see src/main/llm/engine/inlineSteps.ts). Applied to node-llama-cpp's addon source before compiling; a
# stamp with the patches' hash tells whether the existing build has them.
patches=(scripts/engine-patches/*.patch)
patch_hash="$(cat "${patches[@]}" | sha256sum | cut -c1-16)"
stamp="$pkg/llama/localBuilds/readout-patches.sha256"

if [[ "${1:-}" != "--force" ]] && compgen -G "$pkg/llama/localBuilds/*/Release/llama-addon.node" >/dev/null \
  && [[ "$(cat "$stamp" 2>/dev/null)" == "$patch_hash" ]]; then
  echo "[build-engine] a local build with Readout's patches exists ($(ls -d $pkg/llama/localBuilds/*/ | tr '\n' ' ')); use --force to rebuild" >&2
  exit 0
fi

for p in "${patches[@]}"; do
  if patch -p1 -R --dry-run --silent -d "$pkg" <"$p" >/dev/null 2>&1; then
    echo "[build-engine] $p: already applied" >&2
  else
    patch -p1 --forward --silent -d "$pkg" <"$p" || { echo "[build-engine] $p does not apply to node-llama-cpp $(node -p "require('./$pkg/package.json').version"): update the patch" >&2; exit 1; }
    echo "[build-engine] $p: applied" >&2
  fi
done

# The release the bundle holds; `source download` clones it from the bundle instead of GitHub.
release="$(node -p "require('./$pkg/llama/binariesGithubRelease.json').release")"
npx --no node-llama-cpp source download --release "$release" --skipBuild
npx --no node-llama-cpp source build --noUsageExample --gpu "${READOUT_ENGINE_GPU:-auto}"
echo "$patch_hash" >"$stamp"
echo "[build-engine] done: Readout now runs the engine built for this machine" >&2
