#!/usr/bin/env bash
# Full-build benchmark: guidepress (every page) against Hugo (the same
# markdown files as plain pages with a minimal layout), in the same run.
# Before each timed run the output is deleted, the disk synced and the page
# cache dropped (root only); the tools alternate. Prints medians, spread and
# peak RSS.
#
# usage: bench/compare.sh [N ...]        (default: 1000 10000; runs: RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cargo build --release --quiet
bin=$PWD/target/release/guidepress
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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
  rm -f "$work/gp-$n" "$work/hugo-$n.t"
  for _ in $(seq "$runs"); do
    rm -rf "$site/public"; time_run "gp-$n" "$site" "$bin" build
    rm -rf "$hugo_site/public"; time_run "hugo-$n.t" "$hugo_site" hugo --quiet
  done
  pages=$(find "$site/public" -name '*.html' | wc -l)
  read -r gm gmin gmax grss <<<"$(summary "gp-$n")"
  read -r hm hmin hmax hrss <<<"$(summary "hugo-$n.t")"
  ratio=$(python3 -c "print(f'{$gm/$hm:.2f}')")
  echo "N=$n guidepress: median ${gm}s (${gmin}-${gmax}), peak ${grss} MB, ${pages} pages | hugo: median ${hm}s (${hmin}-${hmax}), peak ${hrss} MB | time ratio ${ratio}"
done
