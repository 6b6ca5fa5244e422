#!/bin/sh
# Applies a good policy, then a broken one, to a fresh database. The broken one must fail with
# its line and column, and the good one must stay in force and stored.
# Usage: policy-apply.sh SHOALCTL SOURCE_DIR
set -u
shoalctl=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
database="$work/shoal.db"

"$shoalctl" --db "$database" policy apply "$source_dir/resources/policy/default.yaml" || exit 1

printf 'units:\n  - name: broken\n    max: many\n' > "$work/broken.yaml"
if output=$("$shoalctl" --db "$database" policy apply "$work/broken.yaml" 2>&1); then
    echo "applying a broken policy succeeded: $output"
    exit 1
fi
echo "$output"
echo "$output" | grep -q 'line 3, column 10' || { echo "the error does not name line 3, column 10"; exit 1; }
echo "$output" | grep -q 'the policy in force is unchanged' || exit 1

shown=$("$shoalctl" --db "$database" policy show --json) || exit 1
echo "$shown" | grep -q '"default": false' || { echo "the applied policy was not stored: $shown"; exit 1; }
echo "$shown" | grep -q '"name": "serverless"' || { echo "the applied policy is not in force: $shown"; exit 1; }
echo "policy apply kept the good policy"
