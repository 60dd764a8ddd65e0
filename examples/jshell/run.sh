#!/usr/bin/env bash
# Builds the examples module (and the SDK modules it needs), writes its classpath, then runs a JShell script on it.
# Usage, from anywhere: bash examples/jshell/run.sh examples/jshell/quickstart.jsh   (needs JDK 17+ and Maven)
set -euo pipefail
script="$(cd "$(dirname "${1:?usage: run.sh SCRIPT.jsh}")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/../.."
mvn -q -B -pl examples -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
exec jshell -R-Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  --class-path "examples/target/classes:$(cat examples/target/cp.txt)" "$script"
