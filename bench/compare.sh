#!/usr/bin/env bash
# Full-build benchmark: guidepress (every page) against Hugo and Zola (the
# same markdown files as plain pages with a minimal layout), in the same run.
# Before each timed run the output is deleted, the disk synced and the page
# cache dropped (root only); the tools alternate. Prints medians, spread,
# peak RSS and CPU use ((user + sys) / wall: 2.0 keeps both cores busy).
#
# Each size is built in two shapes (SHAPES, guides per company as
# generate.py's --per-company): 2 makes many companies with few roles, 8 few
# companies with many roles. The page families grow differently in each.
#
# It then measures the floor under guidepress in the same conditions: the
# cold read of the N guide files (16 readers, as the build reads them) and the
# writing of each tool's finished output tree from memory (tar from tmpfs,
# into a fresh folder after the same delete, sync and cache drop). A build
# can go no faster than reading its input and writing its output.
#
# With BASELINE=path/to/another/guidepress (say, a build of the previous
# commit), that binary is timed too, alternating with the others: the fair
# way to see what a change did on a machine whose speed drifts.
# The tools take turns in a different order each run; SETTLE=61 waits after
# each delete (see settle below).
# ZOLA=path/to/zola picks the Zola binary (default: `zola` on PATH; without
# one Zola is left out and the run says so).
#
# usage: bench/compare.sh [N ...]   (default: 1000 10000; RUNS=3, SHAPES="2 8")
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
shapes=${SHAPES:-2 8}
cargo build --release --quiet
bin=$PWD/target/release/guidepress
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 1; }
zola=${ZOLA:-$(command -v zola || true)}
[ -n "$zola" ] || echo "zola not found (set ZOLA=path): Zola is left out of this run"
work=$(mktemp -d)
shm=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$work" "$shm"' EXIT

drop_caches() {
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}

# time_run NAME DIR COMMAND... -> appends "seconds kb user sys" to $work/times-NAME
time_run() {
  local name=$1 dir=$2; shift 2
  drop_caches
  ( cd "$dir" && /usr/bin/time -f "%e %M %U %S" -o "$work/last" "$@" >/dev/null 2>&1 )
  tail -1 "$work/last" >> "$work/times-$name"
}

# summary NAME -> "median min max peak_MB cpu_use"
summary() {
  python3 - "$work/times-$1" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
times = sorted(r[0] for r in rows); rss = max(r[1] for r in rows) / 1024
cpu = statistics.median((r[2] + r[3]) / r[0] for r in rows)
print(f"{statistics.median(times):.2f} {min(times):.2f} {max(times):.2f} {rss:.0f} {cpu:.2f}")
PY
}

# After a delete: ext4 does not reuse an inode freed less than a minute ago
# while its inode table block is cached, and scans past it, so whatever
# writes right after a big delete pays system time for it (a fifth of a
# 2,000-guide build's samples in `perf`). SETTLE=61 waits that out before
# each timed run; the default 0 does not. The disk's own variance remains.
settle() {
  sync
  [ "${SETTLE:-0}" = 0 ] || sleep "$SETTLE"
}

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# plain_sites SITE HUGO ZOLA: the guides as plain pages for Hugo and Zola.
plain_sites() {
  local site=$1 hugo_site=$2 zola_site=$3
  mkdir -p "$hugo_site/content" "$hugo_site/layouts/_default"
  # (A folder copy: 100,000 names overflow one command line.)
  cp -r "$site/content/." "$hugo_site/content/"
  cat > "$hugo_site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
TOML
  printf '<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n' > "$hugo_site/layouts/_default/single.html"
  printf '<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' > "$hugo_site/layouts/_default/list.html"
  [ -n "$zola" ] || return 0
  # Zola wants front matter: a title, as Hugo takes from the file name.
  mkdir -p "$zola_site/content" "$zola_site/templates"
  python3 - "$site/content" "$zola_site/content" <<'PY'
import os, sys
src, dst = sys.argv[1:]
for name in os.listdir(src):
    if name.endswith(".md"):
        body = open(os.path.join(src, name), encoding="utf-8").read()
        with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "{name[:-3]}"\n+++\n{body}')
PY
  printf '+++\ntitle = "Guides"\n+++\n' > "$zola_site/content/_index.md"
  cat > "$zola_site/config.toml" <<'TOML'
base_url = "https://example.org/"
compile_sass = false
build_search_index = false
generate_feeds = false
TOML
  printf '<!DOCTYPE html><html lang="en"><head><title>{{ page.title }}</title></head><body>{{ page.content | safe }}</body></html>\n' > "$zola_site/templates/page.html"
  printf '<!DOCTYPE html><html lang="en"><head><title>{{ section.title }}</title></head><body>{%% for page in section.pages %%}<a href="{{ page.permalink }}">{{ page.title }}</a>{%% endfor %%}</body></html>\n' > "$zola_site/templates/section.html"
  cp "$zola_site/templates/section.html" "$zola_site/templates/index.html"
}

for n in ${@:-1000 10000}; do
  for shape in $shapes; do
    tag="$n-$shape"
    site=$work/site-$tag
    python3 bench/generate.py "$n" "$site" --per-company "$shape" >/dev/null
    hugo_site=$work/hugo-$tag zola_site=$work/zola-$tag
    plain_sites "$site" "$hugo_site" "$zola_site"
    tools=(gp hugo)
    [ -z "${BASELINE:-}" ] || tools=(base "${tools[@]}")
    [ -z "$zola" ] || tools+=(zola)
    # The order turns each run, so no tool always writes right after the
    # same tool's output was deleted (see SETTLE).
    for i in $(seq 0 $((runs - 1))); do
      for j in "${!tools[@]}"; do
        case ${tools[$(( (i + j) % ${#tools[@]} ))]} in
          base) rm -rf "$site/public"; settle; time_run "base-$tag" "$site" "$BASELINE" build ;;
          gp) rm -rf "$site/public"; settle; time_run "gp-$tag" "$site" "$bin" build ;;
          hugo) rm -rf "$hugo_site/public"; settle; time_run "hugo-$tag" "$hugo_site" hugo --quiet ;;
          zola) rm -rf "$zola_site/public"; settle; time_run "zola-$tag" "$zola_site" "$zola" build ;;
        esac
      done
    done
    [ -f "$site/public/index.html" ] || { echo "guidepress did not build $site"; exit 1; }
    pages=$(find "$site/public" -name '*.html' | wc -l)
    companies=$(find "$site/public/companies" -mindepth 1 -maxdepth 1 -type d | wc -l)
    gp_mb=$(du -sm "$site/public" | cut -f1)
    read -r gm gmin gmax grss gcpu <<<"$(summary "gp-$tag")"
    read -r hm hmin hmax hrss hcpu <<<"$(summary "hugo-$tag")"
    echo "N=$n, $shape per company ($companies companies): guidepress ${gm}s (${gmin}-${gmax}), peak ${grss} MB, cpu ${gcpu}, ${pages} pages, ${gp_mb} MB"
    echo "  hugo ${hm}s (${hmin}-${hmax}), peak ${hrss} MB, cpu ${hcpu}, $(du -sm "$hugo_site/public" | cut -f1) MB | ours / hugo $(ratio "$gm" "$hm")"
    if [ -n "$zola" ]; then
      [ -f "$zola_site/public/index.html" ] || { echo "zola did not build $zola_site"; exit 1; }
      read -r zm zmin zmax zrss zcpu <<<"$(summary "zola-$tag")"
      echo "  zola ${zm}s (${zmin}-${zmax}), peak ${zrss} MB, cpu ${zcpu}, $(du -sm "$zola_site/public" | cut -f1) MB | ours / zola $(ratio "$gm" "$zm")"
    fi
    if [ -n "${BASELINE:-}" ]; then
      read -r bm bmin bmax brss bcpu <<<"$(summary "base-$tag")"
      echo "  baseline $BASELINE ${bm}s (${bmin}-${bmax}), peak ${brss} MB, cpu ${bcpu} | this build / baseline $(ratio "$gm" "$bm")"
    fi

    # The floor: input read cold, our output tree written from memory.
    ( cd "$site/public" && tar -cf "$shm/gp.tar" . )
    for _ in $(seq "$runs"); do
      time_run "read-$tag" "$site/content" sh -c 'ls | xargs -P 16 -n 100 cat'
      rm -rf "$work/out"; settle; mkdir "$work/out"; time_run "gpw-$tag" "$work/out" tar -xf "$shm/gp.tar"
    done
    rm -rf "$work/out" "$shm"/*.tar
    read -r rm_ _ _ _ _ <<<"$(summary "read-$tag")"
    read -r gw _ _ _ _ <<<"$(summary "gpw-$tag")"
    floor=$(python3 -c "print(f'{$rm_+$gw:.2f}')")
    echo "  floor: read input ${rm_}s + write our output ${gw}s = ${floor}s | ours / floor $(ratio "$gm" "$floor")"
    rm -rf "$site/public" "$hugo_site/public" "$zola_site/public"
  done
done
