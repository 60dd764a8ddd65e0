#!/bin/sh
# A stand-in for train.py, the shape every long job on a rented GPU should have:
#   - it loads the latest checkpoint at start, unconditionally (load-latest-on-startup),
#   - it writes full state atomically (temporary name, then rename) every few steps,
#   - the same command serves the first run and every resume.
# Usage: train.sh CHECKPOINT_DIR TOTAL_STEPS [EVERY_STEPS] [SECONDS_PER_STEP]
set -eu
ckpt_dir=$1
total=$2
every=${3:-5}
pause=${4:-0.2}
mkdir -p "$ckpt_dir"

step=0
latest=$(ls "$ckpt_dir" | sed -n 's/^step-\([0-9]*\)\.ckpt$/\1/p' | sort -n | tail -n 1)
if [ -n "$latest" ]; then
  step=$(sed -n 's/^step=//p' "$ckpt_dir/step-$latest.ckpt")
  echo "resumed from checkpoint step-$latest.ckpt at step $step"
else
  echo "no checkpoint yet: starting at step 0"
fi

while [ "$step" -lt "$total" ]; do
  step=$((step + 1))
  sleep "$pause"
  echo "step $step/$total"
  if [ $((step % every)) -eq 0 ] || [ "$step" -eq "$total" ]; then
    tmp="$ckpt_dir/step-$step.ckpt.tmp"
    {
      echo "step=$step"
      head -c 32768 /dev/urandom | od -An -tx1 -v | tr -d ' \n'
      echo
    } > "$tmp"
    mv "$tmp" "$ckpt_dir/step-$step.ckpt"
    echo "checkpoint step-$step.ckpt"
  fi
done
echo "training done at step $step"
