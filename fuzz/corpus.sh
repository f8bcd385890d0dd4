#!/usr/bin/env bash
# Builds the seed corpora from the project's own guides, so no corpus is
# committed: fuzz/corpus/guide gets every fixture and example guide whole,
# fuzz/corpus/money every table cell and script line in them, and
# fuzz/corpus/markdown every guide as markdown. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out/guide" "$out/money" "$out/markdown"
mapfile -t guides < <(find tests/fixtures content -name '*.md' | sort)
seed() { # DIR TEXT: one file per distinct seed, named by its hash
  local name
  name=$(printf '%s' "$2" | sha1sum | cut -c1-16)
  printf '%s' "$2" >"$1/$name"
}
for guide in "${guides[@]}"; do
  cp "$guide" "$out/guide/$(sha1sum <"$guide" | cut -c1-16)"
  cp "$guide" "$out/markdown/$(sha1sum <"$guide" | cut -c1-16)"
  while IFS= read -r line; do
    case "$line" in
      '|'*)
        IFS='|' read -r -a cells <<<"$line"
        for cell in "${cells[@]}"; do
          cell="${cell#"${cell%%[![:space:]]*}"}"
          cell="${cell%"${cell##*[![:space:]]}"}"
          [ -n "$cell" ] && seed "$out/money" "$cell"
        done
        ;;
      '>'*) seed "$out/money" "${line#> }" ;;
    esac
  done <"$guide"
done
echo "seeds: $(ls "$out/guide" | wc -l) guide, $(ls "$out/money" | wc -l) money, $(ls "$out/markdown" | wc -l) markdown"
