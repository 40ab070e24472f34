#!/usr/bin/env bash
# Prints the optimizer's figures on generated instances (see README.md).
# Usage: bench/optimization/run.sh [time_limit_ms] [sizes] [seeds]          (OptimizerBench: generated instances,
#        CP-SAT's exact optimum beside them up to 200 items; BENCH_OPTS='-Dlimits=1000:5000,5000:10000 -Dexact.seconds=60')
#        bench/optimization/run.sh synthetic [time_limit_ms] [sizes]        (OptimizationBench: the older fixed instance)
#        bench/optimization/run.sh speed [seconds] [sizes]                  (MoveSpeedBench: Timefold's move evaluation alone)
set -euo pipefail
cd "$(dirname "$0")/../.."
# a JDK 21+ even where the default java is older (the classes are compiled for 21)
source bench/lib.sh
find_java
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
main=dev.primetime.optimization.OptimizerBench
case "${1:-}" in
    synthetic) main=dev.primetime.optimization.solver.OptimizationBench; shift ;;
    speed) main=dev.primetime.optimization.solver.MoveSpeedBench; shift ;;
esac
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec "$JAVA_HOME/bin/java" -Xmx6g ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    "$main" "$@"
