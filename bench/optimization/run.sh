#!/usr/bin/env bash
# Prints the optimizer's figures: time to first feasible, objective, upper bound, gap, greedy baseline.
# Usage: bench/optimization/run.sh [time_limit_ms] [sizes, e.g. 50,200,1000,5000]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec "${JAVA_HOME:-/usr}/bin/java" -Xmx4g ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    dev.primetime.optimization.solver.OptimizationBench "$@"
