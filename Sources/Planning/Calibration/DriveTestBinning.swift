import Foundation
import Geo
import Radio

/// Samples of one cell averaged over a small square: the local mean the calibration fits.
public struct CalibrationBin: Sendable {
    public var cellIndex: Int
    /// Mean position of the bin's samples, WGS-84, and in the local metric frame.
    public var location: Coordinate
    public var eastMeters: Double
    public var northMeters: Double
    public var samples: Int
    public var censoredSamples: Int
    /// The bin's mean RSRP (`DriveTestBinning.Averaging`), samples at the floor counted at the floor, dBm.
    public var measuredDBm: Double
    /// True when `measuredDBm` is at most the censoring bound (`DriveTestBinning.censor`): the
    /// bin then says only "the local mean is at most the bound".
    public var censored: Bool
    /// Sum of squared deviations of the samples' dB values from their mean (fast-fading spread).
    public var sampleSumSquaresDB: Double
    /// Mean of the samples' RSRP predicted by the uncalibrated profile (median, no shadow margin), dBm.
    public var predictedDBm: Double
    /// Mean horizontal distance to the cell, metres, and mean log10 of the 3D distance.
    public var distance2DMeters: Double
    public var log10Distance3D: Double
    /// The most frequent clutter class of the samples (ties: the first by name), when known.
    public var clutter: String?
    /// Per extra column: the value every sample of the bin shares, else nil.
    public var extras: [String?]
    /// The first line of the bin's samples in the measurements file.
    public var firstLine: Int
}

/// Turns samples into bins: each sample is predicted with its cell's link budget, samples nearer
/// than the minimum or farther than the maximum distance are dropped, and the rest are averaged
/// per cell over squares of `binMeters` in a local transverse Mercator frame.
///
/// Averaging removes fast fading: the variance of what is left falls with the number of samples.
/// Lee's criterion (W. C. Y. Lee, "Estimate of local average power of a mobile radio signal", IEEE
/// Trans. VT-34(1), 1985) averages a Rayleigh-faded narrowband signal over 40 wavelengths — 3.4 m at
/// 3.5 GHz, less than a drive test's sample spacing — so squares of a few tens of metres (20 m by
/// default, below the 37–50 m shadowing correlation distance of TR 38.901 Table 7.5-6 UMa) are the
/// practical equivalent. Two ways to average, each with its bias:
/// - `decibel` (default): the mean of the samples' dB values. An RSRP sample is already the
///   linear average of the synchronisation signal's resource elements over the measurement period
///   (TS 38.215 §5.1.1), so the fast fading left in it is small; for Nakagami-m power fading a dB
///   mean is biased by 4.34·(ψ(m) − ln m) ≈ −4.34/(2m) dB (−0.2 dB at m = 10), whatever the bin
///   size. Shadowing, Gaussian in dB, averages without bias.
/// - `linear`: 10·log10 of the mean power in mW — Lee's local mean, the right choice for
///   narrowband (Rayleigh-faded) samples, where the dB mean is 2.5 dB low. But it also averages the
///   shadowing that varies inside a bin in linear power, which overstates the dB-mean the models
///   predict by about 0.115·v/2 dB for a within-bin dB variance v (0.5 dB for 20 m bins of samples
///   10 m apart with σ = 7 dB and 50 m correlation).
/// A sample at the floor counts at the floor. Which bins are censored is decided afterwards
/// (`censor`), at a fixed bound.
public enum DriveTestBinning {
    /// How the samples of a bin are averaged.
    public enum Averaging: String, Sendable, CaseIterable {
        /// Mean of the dB values.
        case decibel = "db"
        /// 10·log10 of the mean power (Lee's local mean).
        case linear
    }

    /// The per-cell link budgets: the profile with the cell's azimuth (one sector; omni without
    /// one), tilt, frequency and height, at 50 % reliability (no shadow margin: the median).
    public static func evaluators(cells: [DriveTestCell], profile: RadioProfile) -> [CoverageEvaluator] {
        cells.map { cell in
            var p = profile
            p.edgeReliability = 0.5
            if let azimuth = cell.azimuthDegrees {
                p.antenna.pattern = .sector
                p.antenna.azimuthsDegrees = [azimuth]
            } else {
                p.antenna.pattern = .omni
            }
            if let tilt = cell.tiltDegrees { p.antenna.downtiltDegrees = tilt }
            if let frequency = cell.frequencyMHz { p.frequencyGHz = frequency / 1_000 }
            return CoverageEvaluator(profile: p, siteHeightMeters: cell.heightMeters)
        }
    }

    /// A bin: the serving cell and the square of the bin grid.
    private struct Key: Hashable, Comparable {
        let cell: Int
        let row: Int
        let column: Int
        static func < (a: Key, b: Key) -> Bool { (a.cell, a.row, a.column) < (b.cell, b.row, b.column) }
    }
    /// The sums of one bin's samples.
    private struct Accumulator {
        var count = 0
        var censored = 0
        var power = 0.0
        var sumDB = 0.0
        var sumSquaresDB = 0.0
        var predicted = 0.0
        var distance = 0.0
        var logDistance = 0.0
        var east = 0.0
        var north = 0.0
        var clutter: [String: Int] = [:]
        var extras: [String?] = []
        var firstLine = Int.max
    }

    /// Bins the samples; distance-filtered samples are counted in `tally`. (One accumulate-then-emit
    /// pass over `Accumulator`s.)
    /// - Returns: the bins in (cell, row, column) order and the number of samples in them.
    /// - Complexity: O(samples · log(bins)).
    public static func bin(
        samples: [DriveTestSample], cells: [DriveTestCell], evaluators: [CoverageEvaluator], utHeightMeters: Double,
        projection: LocalProjection, binMeters: Double, averaging: Averaging = .decibel, minimumDistanceMeters: Double,
        maximumDistanceMeters: Double, tally: inout SampleTally
    ) -> (bins: [CalibrationBin], samplesUsed: Int) {
        let cellPositions = cells.map { projection.project($0.location) }
        var accumulators: [Key: Accumulator] = [:]
        var used = 0
        for sample in samples {
            let position = projection.project(sample.location)
            let cell = cellPositions[sample.cellIndex]
            let east = position.x - cell.x
            let north = position.y - cell.y
            let d2D = (east * east + north * north).squareRoot()
            if d2D < minimumDistanceMeters {
                tally.add(.tooNear, line: sample.line, detail: "\(Int(d2D.rounded())) m")
                continue
            }
            if d2D > maximumDistanceMeters {
                tally.add(
                    .tooFar, line: sample.line,
                    detail: "\(Int((d2D / 1_000).rounded())) km from \(cells[sample.cellIndex].id)")
                continue
            }
            used += 1
            let dh = cells[sample.cellIndex].heightMeters - utHeightMeters
            let key = Key(
                cell: sample.cellIndex, row: Int((position.y / binMeters).rounded(.down)),
                column: Int((position.x / binMeters).rounded(.down)))
            var a = accumulators[key] ?? Accumulator()
            if a.count == 0 { a.extras = sample.extras.map { $0 } }
            a.count += 1
            if sample.censored { a.censored += 1 }
            a.power += pow(10, sample.rsrpDBm / 10)
            a.sumDB += sample.rsrpDBm
            a.sumSquaresDB += sample.rsrpDBm * sample.rsrpDBm
            a.predicted += evaluators[sample.cellIndex].rsrpDBm(eastMeters: east, northMeters: north)
            a.distance += d2D
            a.logDistance += log10((d2D * d2D + dh * dh).squareRoot())
            a.east += position.x
            a.north += position.y
            if let c = sample.clutter { a.clutter[c, default: 0] += 1 }
            for k in a.extras.indices where a.extras[k] != nil && a.extras[k] != sample.extras[k] { a.extras[k] = nil }
            a.firstLine = min(a.firstLine, sample.line)
            accumulators[key] = a
        }
        let bins = accumulators.keys.sorted().map { key -> CalibrationBin in
            let a = accumulators[key]!
            let n = Double(a.count)
            let mean = Coordinate(x: a.east / n, y: a.north / n)
            let clutter = a.clutter.keys.sorted().max { (a.clutter[$0]!, $1) < (a.clutter[$1]!, $0) }
            return CalibrationBin(
                cellIndex: key.cell, location: projection.unproject(mean), eastMeters: mean.x, northMeters: mean.y,
                samples: a.count, censoredSamples: a.censored,
                measuredDBm: averaging == .decibel ? a.sumDB / n : 10 * log10(a.power / n),
                censored: false, sampleSumSquaresDB: max(0, a.sumSquaresDB - a.sumDB * a.sumDB / n),
                predictedDBm: a.predicted / n, distance2DMeters: a.distance / n,
                log10Distance3D: a.logDistance / n, clutter: clutter, extras: a.extras, firstLine: a.firstLine)
        }
        return (bins, used)
    }

    /// The spread of single samples around their bin's mean in dB — what fast fading (and shadowing
    /// within a bin) leaves — pooled over bins of ≥ 2 samples whose mean is at least 20 dB above
    /// the floor: √(Σ Σ (y − ȳ)² / Σ (n − 1)). Nil when no bin qualifies.
    public static func fadingSpreadDB(_ bins: [CalibrationBin], floorDBm: Double) -> Double? {
        var squares = 0.0
        var freedom = 0
        for bin in bins where bin.samples >= 2 && bin.measuredDBm >= floorDBm + 20 {
            squares += bin.sampleSumSquaresDB
            freedom += bin.samples - 1
        }
        return freedom > 0 ? (squares / Double(freedom)).squareRoot() : nil
    }

    /// Marks as censored every bin whose mean is at most `boundDBm` (the floor plus a margin).
    ///
    /// Why a fixed bound above the floor rather than "any sample at the floor": censoring is
    /// non-informative only when the bound does not depend on the measured values (the Tobit
    /// likelihood, Tobin 1958, assumes it). Declaring a bin censored because one sample hit the
    /// floor, with the floor-counted mean as its bound, makes the bound follow the bin's other
    /// samples — and then the fit pulls predictions near the floor too low and the slope too steep
    /// (about 2 dB/decade too steep on the example). Above a bound a few fading spreads over the
    /// floor, samples at the floor are rare enough that counting them at the floor does not move a
    /// bin's mean, so those bins are measurements; every bin at or below the bound says only "at
    /// most the bound".
    public static func censor(_ bins: inout [CalibrationBin], boundDBm: Double) {
        for k in bins.indices { bins[k].censored = bins[k].measuredDBm <= boundDBm }
    }
}
