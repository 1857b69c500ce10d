// A plain scalar C loop of the coverage link budget, for `nrplan-bench kernel` only (not part of
// nrplan): the blended TR 38.901 UMa path loss (LOS, NLOS, LOS probability) with the TR 38.901
// Table 7.3-1 sector antenna, written as a C programmer would, against which the Swift formula
// path and the fast path are timed on the same links.
#ifndef NRPLAN_KERNEL_REFERENCE_H
#define NRPLAN_KERNEL_REFERENCE_H

/// One site's budget: the terms of docs/radio.md "How coverage is decided".
typedef struct {
    double frequencyGHz;
    double bsHeightMeters;
    double utHeightMeters;
    /// Φ⁻¹(edge reliability).
    double marginQuantile;
    /// σ_P of the building penetration, dB.
    double penetrationStdDB;
    /// Penetration + cable + body losses − UE gain, dB.
    double fixedLossesDB;
    double maxGainDBi;
    double downtiltDegrees;
    double horizontalBeamwidthDegrees;
    double verticalBeamwidthDegrees;
    double frontToBackDB;
    double verticalSideLobeDB;
    double azimuthsDegrees[8];
    int sectorCount;
} nrplan_reference_site;

/// Coupling loss (dB) of every link (east[i], north[i]) metres from the site into
/// couplingLossDB[i]; returns how many are at most limitDB (covered).
long nrplan_reference_uma_blend(
    const nrplan_reference_site *site, const double *east, const double *north, long count, double limitDB,
    double *couplingLossDB);

#endif
