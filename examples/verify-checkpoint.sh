#!/bin/sh
# Verify-by-load for the demo's checkpoints (examples/task.yaml): a checkpoint must parse as train.sh writes it,
# a "step=N" header and one line of hex state. Exit 0 when it loads; anything else names what is wrong.
set -eu
file=$1
header=$(sed -n 1p "$file")
state=$(sed -n 2p "$file")
lines=$(wc -l < "$file")
case "$header" in
  step=[0-9]*) ;;
  *) echo "$file: first line is not step=N"; exit 1 ;;
esac
if [ "$lines" -ne 2 ] || ! printf '%s' "$state" | grep -Eq '^[0-9a-f]+$'; then
  echo "$file: not a step header and one hex state line"
  exit 1
fi
