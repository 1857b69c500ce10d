import Radio

/// The link budget of one profile at one site height (for one clutter class): the formula path
/// and its fast path, with the rule that makes the coverage matrix the formula path's exactly.
///
/// `entry` asks the fast path (`LinkKernel`, within `LinkKernel.toleranceDB` of the formula) and
/// keeps its answer only when that tolerance cannot change the outcome: the coupling loss is more
/// than the tolerance away from the limit, and the RSRP is more than the tolerance away from a
/// rounding boundary of the matrix's 0.01 dB quantisation. Otherwise — and where the kernel
/// answers NaN or has none — the formula path (`CoverageEvaluator.couplingLossDB`) decides.
/// So the covered set and every quantised RSRP equal the formula path's (docs/radio.md).
public struct SiteBudget: Sendable {
    /// The formula path.
    public let evaluator: CoverageEvaluator
    /// The fast path (`LinkKernel.formulaOnly` where `usesKernel` is false).
    public let kernel: LinkKernel
    /// False where the evaluator has no kernel, or the formula path was asked for: every link is
    /// then the formula's.
    public let usesKernel: Bool

    /// The entry value of a link that does not close (outside every quantised RSRP).
    @inlinable public static var notCovered: Int32 { .min }

    /// The budget of `evaluator`, with its kernel unless `formulaOnly`.
    public init(_ evaluator: CoverageEvaluator, formulaOnly: Bool = false) {
        self.evaluator = evaluator
        let kernel = formulaOnly ? nil : LinkKernel(evaluator: evaluator)
        self.kernel = kernel ?? .formulaOnly
        usesKernel = kernel != nil
    }

    /// The matrix entry toward the offset: the RSRP (`txPowerDBm` − CL) quantised as
    /// `CoverageMatrix.quantize` does, or `notCovered`. Always the formula path's value; `counters`
    /// records the links the formula path decided and the entries the kernel alone would have changed.
    @inlinable @inline(__always)
    public func entry(
        eastMeters east: Double, northMeters north: Double, txPowerDBm: Double, counters: inout LinkCounters
    ) -> Int32 {
        entry(
            fastCouplingLossDB: usesKernel ? kernel.couplingLossDB(eastMeters: east, northMeters: north) : .nan,
            eastMeters: east, northMeters: north, txPowerDBm: txPowerDBm, counters: &counters)
    }

    /// `entry(eastMeters:northMeters:txPowerDBm:counters:)` given the kernel's coupling loss
    /// toward the offset (`LinkKernel.couplingLossesDB` computes a run of them; NaN: no kernel).
    @inlinable @inline(__always)
    public func entry(
        fastCouplingLossDB fast: Double, eastMeters east: Double, northMeters north: Double, txPowerDBm: Double,
        counters: inout LinkCounters
    ) -> Int32 {
        let limit = evaluator.maxCouplingLossDB
        let tolerance = LinkKernel.toleranceDB
        if abs(fast - limit) > tolerance { // false for NaN
            if fast > limit { return Self.notCovered }
            // quantize rounds (tx − CL)·100 to the nearest integer: safe unless the fraction is
            // within the tolerance (·100, plus the rounding of this product) of one half. Shifted
            // to positive so that truncation is the floor (no library call); an RSRP beyond
            // ±327 dBm fails the test and goes to the formula.
            let shifted = (txPowerDBm - fast) * 100 + 32_768
            if shifted > 1 && shifted < 65_534 {
                let floor = Double(Int(shifted))
                let fraction = shifted - floor
                if abs(fraction - 0.5) > 100 * tolerance + 1e-9 {
                    return Int32(fraction < 0.5 ? floor : floor + 1) - 32_768
                }
            }
        }
        counters.formulaLinks += 1
        let loss = evaluator.couplingLossDB(eastMeters: east, northMeters: north)
        let exact = loss <= limit ? Int32(CoverageMatrix.quantize(txPowerDBm - loss)) : Self.notCovered
        if !fast.isNaN {
            let kernelAlone = fast <= limit ? Int32(CoverageMatrix.quantize(txPowerDBm - fast)) : Self.notCovered
            if kernelAlone != exact { counters.kernelWouldDiffer += 1 }
        }
        return exact
    }
}

/// What `SiteBudget.entry` counted.
public struct LinkCounters: Sendable {
    /// Links the formula path decided (no kernel, a NaN from the kernel, or a result within the
    /// kernel's tolerance of the limit or of a rounding boundary of the quantisation).
    public var formulaLinks = 0
    /// Of those, the entries the kernel's own result would have changed (coverage or quantised
    /// RSRP): what trusting the kernel within its tolerance would have cost.
    public var kernelWouldDiffer = 0

    public init() {}
}
