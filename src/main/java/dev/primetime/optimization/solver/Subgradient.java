package dev.primetime.optimization.solver;

/**
 * The step of the projected subgradient method that lowers a Lagrangian bound, shared by every relaxation of {@link
 * UpperBound}: every iterate's bound is a true bound, the smallest is kept; the step is Polyak's, towards a known
 * feasible objective ({@code target}), scaled by a factor that halves after {@code patience} steps without a better
 * bound, and the search has stalled once that factor is tiny.
 */
final class Subgradient {
    /** Steps stop once the step factor has been halved this far without a better bound. */
    private static final double MIN_STEP = 1.0 / 1024;

    private final int patience;
    private double factor = 1.0;
    private int sinceImprovement;
    private double best;

    /** @param best the bound known before the first step (positive infinity: none) */
    Subgradient(int patience, double best) {
        this.patience = patience;
        this.best = best;
    }

    /** Records an iterate's bound; true when it is the best so far (by more than rounding). */
    boolean record(double bound) {
        if (bound < best - 1e-6) {
            best = bound;
            sinceImprovement = 0;
            return true;
        }
        if (++sinceImprovement >= patience) {
            factor /= 2;
            sinceImprovement = 0;
        }
        return false;
    }

    /** Steps this small no longer move the bound. */
    boolean stalled() {
        return factor < MIN_STEP;
    }

    double best() {
        return best;
    }

    /** How far to move the multipliers along a subgradient of squared length {@code norm} (not zero). */
    double step(double bound, double target, double norm) {
        return factor * Math.max(bound - target, 1.0) / norm;
    }
}
