// The plain scalar loop of KernelReference.h: TR 38.901 V17.0.0 Table 7.4.1-1 (UMa LOS and NLOS,
// d'_BP with hE = 1 m), Table 7.4.2-1 (UMa LOS probability), the LOS-probability blend of path loss
// and σ_SF, the shadow margin Φ⁻¹(p)·√(σ_SF² + σ_P²), and Table 7.3-1 (best sector, A_H, A_V).
// Only what depends on the site alone is computed outside the loop; every link calls libm for its
// square roots, logarithm, exponential and both angles, as a straightforward implementation does.
#include "KernelReference.h"

#include <math.h>

long nrplan_reference_uma_blend(
    const nrplan_reference_site *site, const double *east, const double *north, long count, double limitDB,
    double *couplingLossDB) {
    const double fc = site->frequencyGHz;
    const double hBS = site->bsHeightMeters;
    const double hUT = site->utHeightMeters;
    const double dh = hBS - hUT;
    const double breakpoint = 4 * (hBS - 1) * (hUT - 1) * fc * 1e9 / 3.0e8;
    const double logFc = 20 * log10(fc);
    const double farConstant = 9 * log10(breakpoint * breakpoint + dh * dh);
    const double cPrime = hUT <= 13 ? 0 : pow((hUT - 13) / 10, 1.5);
    const double sp2 = site->penetrationStdDB * site->penetrationStdDB;
    const double degrees = 180 / M_PI;
    long covered = 0;
    for (long i = 0; i < count; i++) {
        const double e = east[i];
        const double n = north[i];
        const double d2D = sqrt(e * e + n * n);
        const double d3D = sqrt(d2D * d2D + dh * dh);
        const double logD = log10(d3D);
        const double los = d2D <= breakpoint ? 28.0 + 22 * logD + logFc : 28.0 + 40 * logD + logFc - farConstant;
        const double nlosPrime = 13.54 + 39.08 * logD + logFc - 0.6 * (hUT - 1.5);
        const double nlos = los > nlosPrime ? los : nlosPrime;
        double p = 1;
        if (d2D > 18) {
            const double ratio = d2D / 100;
            p = (18 / d2D + exp(-d2D / 63) * (1 - 18 / d2D)) * (1 + cPrime * 1.25 * ratio * ratio * ratio * exp(-d2D / 150));
        }
        const double pathLoss = p * los + (1 - p) * nlos;
        const double sigma = p * 4 + (1 - p) * 6;
        const double margin = site->marginQuantile * sqrt(sigma * sigma + sp2);
        const double bearing = atan2(e, n) * degrees;
        const double depression = atan2(dh, d2D) * degrees;
        double smallest = INFINITY;
        for (int k = 0; k < site->sectorCount; k++) {
            double difference = fmod(bearing - site->azimuthsDegrees[k], 360);
            if (difference > 180) difference -= 360;
            if (difference < -180) difference += 360;
            smallest = fmin(smallest, fabs(difference));
        }
        const double x = smallest / site->horizontalBeamwidthDegrees;
        const double horizontal = fmin(12 * x * x, site->frontToBackDB);
        const double y = (depression - site->downtiltDegrees) / site->verticalBeamwidthDegrees;
        const double vertical = fmin(12 * y * y, site->verticalSideLobeDB);
        const double gain = site->maxGainDBi - fmin(horizontal + vertical, site->frontToBackDB);
        const double loss = pathLoss + margin + site->fixedLossesDB - gain;
        couplingLossDB[i] = loss;
        covered += loss <= limitDB;
    }
    return covered;
}
