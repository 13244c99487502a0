#!/usr/bin/env bash
# Reviews the specs a pull request changes, as Markdown on stdout (a pull-request comment):
# `skyrun validate` of specs/ and examples/, then `skyrun plan FILE --diff BASE` of every spec
# file that changed since BASE (a git revision, e.g. origin/main).
# Needs: git, and `skyrun` on PATH (built from this repository). Reads no credentials; nothing in
# a spec runs (validate and plan only read YAML and the bundled or cached price catalog).
# Exit: 0 all specs valid (whether or not plans changed), 2 a spec is invalid or a plan failed.
set -uo pipefail
base="${1:?usage: skyrun-review.sh BASE_REVISION   (e.g. origin/main)}"
status=0

echo "## skyrun review against \`$base\`"
echo
dirs=()
for d in specs examples; do
  if [ -n "$(find "$d" -name '*.y*ml' -not -path '*/.*' -print -quit 2>/dev/null)" ]; then dirs+=("$d/"); fi
done
skyrun validate "${dirs[@]}" -o markdown || status=2
echo

# Spec files added or changed since BASE (deleted ones are listed, not planned).
git diff --name-only -z --diff-filter=d "$base" -- 'specs/*.yaml' 'specs/*.yml' 'examples/*.yaml' 'examples/*.yml' |
  while IFS= read -r -d '' file; do
    case "/$file" in */.*) continue ;; esac # CI files such as examples/ci/.gitlab-ci.yml are no specs
    skyrun plan "$file" --diff "$base" -o markdown
    code=$?
    if [ "$code" -gt 1 ]; then
      echo "plan --diff of \`$file\` failed (exit $code); see the job's log."
      exit 2
    fi
    echo
  done || status=2
git diff --name-only --diff-filter=D "$base" -- 'specs/*.yaml' 'specs/*.yml' 'examples/*.yaml' 'examples/*.yml' |
  while IFS= read -r file; do echo "- removed: \`$file\`"; done
exit "$status"
