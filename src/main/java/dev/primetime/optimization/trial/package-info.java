/**
 * A/B trials of weekly posting slots ({@code /api/v1/scheduling/trials}): posts are placed into variants by
 * Thompson sampling, the KPI events of those posts update each variant's posterior, and a trial concludes when one
 * variant is best with probability ≥ 0.95 under a rule that keeps false winners under 5% (see TrialStatistics).
 */
package dev.primetime.optimization.trial;
