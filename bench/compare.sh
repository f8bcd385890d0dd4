#!/usr/bin/env bash
# Full-build benchmark: guidepress (every page) against Hugo (the same
# markdown files as plain pages with a minimal layout), in the same run.
# Before each timed run the output is deleted, the disk synced and the page
# cache dropped (root only); the tools alternate. Prints medians, spread and
# peak RSS.
#
# It then measures the floor under both in the same conditions: the cold
# read of the N guide files (16 readers, as the build reads them) and the
# writing of each tool's finished output tree from memory (tar from tmpfs,
# into a fresh folder after the same delete, sync and cache drop). A build
# can go no faster than reading its input and writing its output.
#
# With BASELINE=path/to/another/guidepress (say, a build of the previous
# commit), that binary is timed too, alternating with the other two: the
# fair way to see what a change did on a machine whose speed drifts.
#
# usage: bench/compare.sh [N ...]        (default: 1000 10000; runs: RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cargo build --release --quiet
bin=$PWD/target/release/guidepress
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 1; }
work=$(mktemp -d)
shm=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$work" "$shm"' EXIT

drop_caches() {
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}

# time_run NAME DIR COMMAND... -> appends "seconds kb" to $work/NAME
time_run() {
  local name=$1 dir=$2; shift 2
  drop_caches
  ( cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/last" "$@" >/dev/null 2>&1 )
  cat "$work/last" >> "$work/$name"
}

summary() {
  python3 - "$work/$1" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
times = sorted(r[0] for r in rows); rss = max(r[1] for r in rows) / 1024
print(f"{statistics.median(times):.2f} {min(times):.2f} {max(times):.2f} {rss:.0f}")
PY
}

for n in ${@:-1000 10000}; do
  site=$work/site-$n
  python3 bench/generate.py "$n" "$site"
  hugo_site=$work/hugo-$n
  mkdir -p "$hugo_site/content" "$hugo_site/layouts/_default"
  cp "$site"/content/*.md "$hugo_site/content/"
  cat > "$hugo_site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
TOML
  printf '<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n' > "$hugo_site/layouts/_default/single.html"
  printf '<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' > "$hugo_site/layouts/_default/list.html"
  rm -f "$work/gp-$n" "$work/hugo-$n.t" "$work/base-$n"
  for _ in $(seq "$runs"); do
    if [ -n "${BASELINE:-}" ]; then
      rm -rf "$site/public"; time_run "base-$n" "$site" "$BASELINE" build
    fi
    rm -rf "$site/public"; time_run "gp-$n" "$site" "$bin" build
    rm -rf "$hugo_site/public"; time_run "hugo-$n.t" "$hugo_site" hugo --quiet
  done
  pages=$(find "$site/public" -name '*.html' | wc -l)
  read -r gm gmin gmax grss <<<"$(summary "gp-$n")"
  read -r hm hmin hmax hrss <<<"$(summary "hugo-$n.t")"
  ratio=$(python3 -c "print(f'{$gm/$hm:.2f}')")
  echo "N=$n guidepress: median ${gm}s (${gmin}-${gmax}), peak ${grss} MB, ${pages} pages | hugo: median ${hm}s (${hmin}-${hmax}), peak ${hrss} MB | time ratio ${ratio}"
  if [ -n "${BASELINE:-}" ]; then
    read -r bm bmin bmax brss <<<"$(summary "base-$n")"
    echo "N=$n baseline $BASELINE: median ${bm}s (${bmin}-${bmax}), peak ${brss} MB | this build / baseline $(python3 -c "print(f'{$gm/$bm:.2f}')")"
  fi

  # The floor: input read cold, each output tree written from memory.
  ( cd "$site/public" && tar -cf "$shm/gp.tar" . )
  ( cd "$hugo_site/public" && tar -cf "$shm/hugo.tar" . )
  gp_mb=$(du -sm "$site/public" | cut -f1); hugo_mb=$(du -sm "$hugo_site/public" | cut -f1)
  rm -f "$work/read-$n" "$work/gpw-$n" "$work/hw-$n"
  for _ in $(seq "$runs"); do
    time_run "read-$n" "$site/content" sh -c 'ls | xargs -P 16 -n 100 cat'
    rm -rf "$work/out"; mkdir "$work/out"; time_run "gpw-$n" "$work/out" tar -xf "$shm/gp.tar"
    rm -rf "$work/out"; mkdir "$work/out"; time_run "hw-$n" "$work/out" tar -xf "$shm/hugo.tar"
  done
  rm -rf "$work/out" "$shm"/*.tar
  read -r rm_ _ _ _ <<<"$(summary "read-$n")"
  read -r gw _ _ _ <<<"$(summary "gpw-$n")"
  read -r hw _ _ _ <<<"$(summary "hw-$n")"
  floor=$(python3 -c "print(f'{$rm_+$gw:.2f} s = {($rm_+$gw)/$hm:.2f} of hugo')")
  echo "N=$n floor: read input ${rm_}s | write guidepress output (${gp_mb} MB) ${gw}s | write hugo output (${hugo_mb} MB) ${hw}s | guidepress read + write ${floor}"
done
