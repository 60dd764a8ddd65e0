#!/usr/bin/env bash
# Builds the examples module (and the SDK modules it needs), writes its classpath, then runs a JShell script on it.
# Usage, from anywhere: bash examples/jshell/run.sh examples/jshell/quickstart.jsh   (needs JDK 17+ and Maven)
set -euo pipefail
script="$(cd "$(dirname "${1:?usage: run.sh SCRIPT.jsh}")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/../.."
mvn -q -B -Dstyle.color=never -pl examples -am -Dmaven.test.skip=true package dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
  -DincludeScope=runtime
exec jshell -R-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -R-Dorg.slf4j.simpleLogger.log.org.apache.sshd=error \
  --class-path "examples/target/classes:$(cat examples/target/cp.txt)" "$script"
