import Radio

extension CoverageMatrixBuilder {
    /// How far from a site `build` looks for cells it may cover: the largest search radius of its
    /// profile's own budget and of every clutter class's, plus how far a prediction point can lie
    /// from a cell centre (`ClutterRaster.predictionOffsetMeters`) — the radius of the disc that
    /// `build` scans. No cell farther than this from the site is ever covered by it.
    ///
    /// - Returns: the radius, and whether some budget's range hit `MaxRange.capMeters` (an
    ///   implausible profile).
    public static func searchRadiusMeters(profile: RadioProfile, heightMeters: Double, clutter: ClutterRaster?)
        -> (meters: Double, capped: Bool)
    {
        let own = CoverageEvaluator(profile: profile, siteHeightMeters: heightMeters)
        guard let clutter else { return (own.maxRangeMeters, own.maxRangeIsCapped) }
        var radius = own.maxRangeMeters
        var capped = own.maxRangeIsCapped
        for c in clutter.classes {
            let evaluator = c.evaluator(profile: profile, siteHeightMeters: heightMeters)
            radius = max(radius, evaluator.maxRangeMeters)
            capped = capped || evaluator.maxRangeIsCapped
        }
        return (radius + clutter.predictionOffsetMeters, capped)
    }
}
