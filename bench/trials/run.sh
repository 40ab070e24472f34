#!/usr/bin/env bash
# Prints how A/B trials decide on simulated data: power when B is truly better, false winners under A = B.
# Usage: bench/trials/run.sh [repetitions (default 400)] [Monte Carlo draws per look (default 4000)] [long-null]
# (long-null: only the null with a horizon ~10x the first eligible look, the hardest case for peeking)
set -euo pipefail
cd "$(dirname "$0")/../.."
# a JDK 21+ even where the default java is older (the classes are compiled for 21)
source bench/lib.sh
find_java
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    dev.primetime.trial.TrialBench "$@"
