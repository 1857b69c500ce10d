import Foundation

extension LinkKernel {
    /// A kernel that answers NaN everywhere, so that the formula decides every link: the
    /// stand-in where `init(evaluator:)` has none, for callers that keep one unconditionally
    /// (an optional kernel would be copied, all ~40 fields, at each link).
    public static let formulaOnly = LinkKernel()

    private init() {
        mode = .los
        logOffset = 0
        breakpointSquared = .infinity
        breakpointGuard = -1
        near = (0, 0, 0)
        far = near
        hasLinearTerm = false
        prime = (0, 0)
        margins = (0, 0, 0)
        sigmas = (0, 0, 0)
        marginQuantile = 0
        penetrationVariance = 0
        sigmaIsOverridden = false
        losTable = nil
        losIndex = LinkKernelTables.losProbabilityIndex
        constantDB = .nan
        isSector = false
        horizontalTable = nil
        depressionTable = LinkKernelTables.depression.storage
        logTable = LinkKernelTables.logarithm.storage
        depressionIndex = LinkKernelTables.depressionIndex
        bearingSegmentsPerQuadrant = Double(LinkKernelTables.bearingSegmentsPerQuadrant)
        inverseHeightDifferenceSquared = 0
        depressionSign = 1
        downtiltDegrees = 0
        inverseVerticalBeamwidth = 0
        verticalSideLobeDB = 0
        frontToBackDB = 0
        errorBoundDB = 0
    }

    /// The fast path of `evaluator`, or nil where the kernel cannot promise `toleranceDB`: the
    /// antenna at the UT's height (no depression table), a coefficient that is not finite
    /// (heights or frequency the formulas reject), or an error bound above the tolerance
    /// (a vertical beam narrower than about 0.4°), or a calibrated model (a `PathLossCorrection`,
    /// issue 19: the kernel's coefficients do not carry it yet). Nil means: use the formula.
    /// - Complexity: O(1) after the shared tables exist (about 1 ms each on first use).
    public init?(evaluator: CoverageEvaluator) {
        let model = evaluator.model
        guard model.correction.isZero else { return nil }
        let hBS = evaluator.bsHeightMeters
        let hUT = evaluator.utHeightMeters
        let heightDifference = hBS - hUT
        guard heightDifference != 0, heightDifference.isFinite else { return nil }
        guard let terms = Self.pathLossTerms(evaluator) else { return nil }
        mode = terms.mode
        logOffset = terms.logOffset
        breakpointSquared = terms.breakpointSquared
        near = terms.near
        far = terms.far
        prime = terms.prime
        var sigmaNear = terms.sigmaNear
        var sigmaFar = terms.sigmaFar
        var sigmaNLOS = terms.sigmaNLOS
        breakpointGuard = breakpointSquared.isFinite && breakpointSquared >= 0 ? 1e-12 * breakpointSquared : -1
        hasLinearTerm = near.c != 0 || far.c != 0
        let override = evaluator.shadowStdOverrideDB
        sigmaIsOverridden = !override.isNaN
        if sigmaIsOverridden {
            sigmaNear = override
            sigmaFar = override
            sigmaNLOS = override
        }
        sigmas = (sigmaNear, sigmaFar, sigmaNLOS)
        marginQuantile = evaluator.marginQuantile
        penetrationVariance = evaluator.penetrationStdDB * evaluator.penetrationStdDB
        let z = marginQuantile
        let variance = penetrationVariance
        func margin(_ sigma: Double) -> Double { z * (sigma * sigma + variance).squareRoot() }
        margins = (margin(sigmaNear), margin(sigmaFar), margin(sigmaNLOS))
        losTable =
            mode == .blend ? LinkKernelTables.losProbability(model.scenario, utHeightMeters: hUT).storage : nil
        losIndex = LinkKernelTables.losProbabilityIndex
        constantDB = evaluator.fixedLossesDB - evaluator.maxGainDBi

        isSector = evaluator.isSector
        horizontalTable =
            isSector
            ? LinkKernelTables.horizontalAttenuation(
                azimuthsDegrees: (0..<evaluator.sectorCount).map { evaluator.sectorAzimuthsDegrees[$0] },
                beamwidthDegrees: evaluator.horizontalBeamwidthDegrees, frontToBackDB: evaluator.frontToBackDB
            ).storage : nil
        depressionTable = LinkKernelTables.depression.storage
        logTable = LinkKernelTables.logarithm.storage
        depressionIndex = LinkKernelTables.depressionIndex
        bearingSegmentsPerQuadrant = Double(LinkKernelTables.bearingSegmentsPerQuadrant)
        inverseHeightDifferenceSquared = 1 / (heightDifference * heightDifference)
        depressionSign = heightDifference > 0 ? 1 : -1
        downtiltDegrees = evaluator.downtiltDegrees
        inverseVerticalBeamwidth = 1 / evaluator.verticalBeamwidthDegrees
        verticalSideLobeDB = evaluator.verticalSideLobeDB
        frontToBackDB = evaluator.frontToBackDB

        let bound = Self.errorBound(
            mode: mode, near: near, far: far, prime: prime, breakpointSquared: breakpointSquared,
            logOffset: logOffset, marginQuantile: z, sigmas: (sigmaNear, sigmaFar, sigmaNLOS), isSector: isSector,
            verticalSideLobeDB: verticalSideLobeDB, inverseVerticalBeamwidth: inverseVerticalBeamwidth)
        errorBoundDB = bound
        let coefficients = [near.a, near.b, near.c, far.a, far.b, far.c, prime.a, prime.b, constantDB, bound]
        guard bound <= Self.toleranceDB, coefficients.allSatisfy(\.isFinite), margins.near.isFinite,
            margins.far.isFinite, margins.nlos.isFinite, downtiltDegrees.isFinite, inverseVerticalBeamwidth.isFinite
        else { return nil }
    }

    /// The path-loss law's terms of the kernel: PL = a + b·ln(d2D² + Δh²) + c·d3D on the near and
    /// far branches of the breakpoint, NLOS′ = a + b·ln(…), and each branch's shadow-fading σ.
    struct PathLossTerms {
        var mode: Mode
        var logOffset: Double
        var breakpointSquared: Double
        var near: (a: Double, b: Double, c: Double)
        var far: (a: Double, b: Double, c: Double)
        var prime: (a: Double, b: Double)
        var sigmaNear: Double
        var sigmaFar: Double
        var sigmaNLOS = 0.0
    }

    /// The terms of `evaluator`'s path-loss model (COST-231 Hata: one branch, L = K + B·log10(d_km);
    /// free space and 3GPP TR 38.901: `PathLossKernel`'s coefficients), or nil where
    /// `PathLossKernel` has none.
    static func pathLossTerms(_ evaluator: CoverageEvaluator) -> PathLossTerms? {
        let model = evaluator.model
        let fc = evaluator.frequencyGHz
        let hBS = evaluator.bsHeightMeters
        let hUT = evaluator.utHeightMeters
        let heightDifference = hBS - hUT
        let logScale = 0.5 / log(10.0) // log10 d = ln(d²) / (2 ln 10)
        switch model.scenario {
        case .cost231Hata:
            // L = K + B·log10(d_km) with K the loss at 1 km; log10(d_km) = log10(d2D) − 3.
            let k = Cost231Hata.pathLossDB(
                frequencyMHz: fc * 1_000, bsHeightMeters: hBS, utHeightMeters: hUT, distanceKilometers: 1,
                environment: model.hataEnvironment)
            let b = 44.9 - 6.55 * log10(hBS)
            let near = (k - 3 * b, b * logScale, 0.0)
            return PathLossTerms(
                mode: .los, logOffset: 0, breakpointSquared: .infinity, near: near, far: near, prime: (0, 0),
                sigmaNear: Cost231Hata.defaultShadowFadingStdDB, sigmaFar: Cost231Hata.defaultShadowFadingStdDB)
        case .freeSpace, .rma, .uma, .umi:
            var coefficientsModel = model
            if model.condition == .probabilistic { coefficientsModel.condition = .nlos }
            guard
                let kernel = PathLossKernel(
                    model: coefficientsModel, frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
            else { return nil }
            let mode: Mode =
                !model.scenario.isThreeGPP || model.condition == .los
                ? .los : (model.condition == .nlos ? .nlos : .blend)
            // A negative d′_BP (an effective height below hE = 1 m) puts every point on the far branch,
            // as the formula's d2D ≤ d′_BP does.
            return PathLossTerms(
                mode: mode, logOffset: heightDifference * heightDifference,
                breakpointSquared: kernel.breakpointMeters >= 0
                    ? kernel.breakpointMeters * kernel.breakpointMeters : -1,
                near: (kernel.losNear.a, kernel.losNear.b * logScale, kernel.losNear.c),
                far: (kernel.losFar.a, kernel.losFar.b * logScale, kernel.losFar.c),
                prime: (kernel.nlos.a, kernel.nlos.b * logScale), sigmaNear: kernel.losNear.sigma,
                sigmaFar: kernel.losFar.sigma, sigmaNLOS: kernel.nlos.sigma)
        }
    }

    /// The kernel's error bound in dB: each table's tolerance times how much the coupling loss moves
    /// with it, plus 1e-9 dB for rounding (the kernel sums the same terms in another order; terms
    /// are < 10³ dB).
    static func errorBound(
        mode: Mode, near: (a: Double, b: Double, c: Double), far: (a: Double, b: Double, c: Double),
        prime: (a: Double, b: Double), breakpointSquared: Double, logOffset: Double, marginQuantile z: Double,
        sigmas: (near: Double, far: Double, nlos: Double), isSector: Bool, verticalSideLobeDB: Double,
        inverseVerticalBeamwidth: Double
    ) -> Double {
        var bound = 1e-9
        // ln from the table: PL moves with b·ln on every branch, NLOS′ included.
        let largestSlope = max(abs(near.b), abs(far.b), mode == .los ? 0 : abs(prime.b))
        bound += largestSlope * LinkKernelTables.logarithmTolerance
        if mode == .blend {
            // ∂CL/∂P = PL_LOS − PL_NLOS + ∂margin/∂σ·(σ_LOS − σ_NLOS), with |∂margin/∂σ| ≤ |z|.
            bound +=
                LinkKernelTables.losProbabilityTolerance
                * (Self.largestNLOSExcessDB(
                    near: near, far: far, prime: prime, breakpointSquared: breakpointSquared, logOffset: logOffset)
                    + abs(z) * max(abs(sigmas.near - sigmas.nlos), abs(sigmas.far - sigmas.nlos)))
        }
        if isSector {
            // A_V = min(12y², SLA_V), y = (θ − tilt)/θ3dB: |∂A_V/∂θ| ≤ 24·√(SLA_V/12)/θ3dB below the cap.
            let slope = 24 * (max(0, verticalSideLobeDB) / 12).squareRoot() * abs(inverseVerticalBeamwidth)
            bound += slope * LinkKernelTables.depressionToleranceDegrees + LinkKernelTables.horizontalToleranceDB
        }
        return bound
    }

    /// The largest PL_NLOS − PL_LOS = max(0, NLOS′ − PL_LOS) over d2D ∈ [8 m, 524 km] (the LOS
    /// table's span), plus 1 dB: on each branch both are linear in L = ln(d2D² + Δh²), so the largest
    /// difference lies at a branch end, except for RMa PL1's c·d3D (convex in L), which the grid of
    /// 129 points half an octave apart follows to within a few hundredths of a dB.
    static func largestNLOSExcessDB(
        near: (a: Double, b: Double, c: Double), far: (a: Double, b: Double, c: Double), prime: (a: Double, b: Double),
        breakpointSquared: Double, logOffset: Double
    ) -> Double {
        var largest = 0.0
        var points = excessGrid
        if breakpointSquared.isFinite { points += [breakpointSquared, breakpointSquared.nextUp] }
        for s in points {
            let l = log(s + logOffset)
            let branch = s > breakpointSquared ? far : near
            let los = branch.a + branch.b * l + branch.c * (s + logOffset).squareRoot()
            largest = max(largest, prime.a + prime.b * l - los)
        }
        return largest + 1
    }

    /// d2D² from 2⁶ to 2³⁸ m², a quarter of an octave of d2D² apart.
    private static let excessGrid = (0...128).map {
        Double(sign: .plus, exponent: 6, significand: 1) * pow(2, Double($0) / 4)
    }
}
