import Foundation
import Geo
import KernelReference
import Planning
import Radio
import Support

/// `nrplan-bench kernel`: link evaluations per second per thread, on the same links, of
/// (a) a plain scalar C loop of the blended TR 38.901 UMa budget with the 3GPP sector antenna
///     (Benchmarks/KernelReference, libm for every square root, logarithm, exponential and angle),
/// (b) nrplan's formula path (`CoverageEvaluator.couplingLossDB`, then the matrix entry),
/// (c) the fast path as the coverage matrix runs it (`SiteBudget.entry`: `LinkKernel`, and the
///     formula where its tolerance could change the entry),
/// with 1 and 2 threads, best of `--rounds` interleaved rounds. Before timing it checks that the C
/// loop computes the formula path's coupling loss (to 1e-9 dB) and that (c) writes exactly the
/// entries (b) writes. The links: `--sites` sites of the `n78-macro` profile with the LOS-probability
/// blend and the city's −110 dBm threshold, at distinct heights (as a rooftop catalogue has them),
/// each with every 50 m grid square within its search radius.
enum KernelBench {
    static var command: BenchCommand {
        BenchCommand(name: "kernel", abstract: "link budget: C loop vs formula path vs fast path, per thread") {
            try run($0)
        }
    }

    static let usage = "usage: nrplan-bench kernel [--sites N] [--rounds N] [--repeat N] [--only c|formula|fast]"

    struct Site {
        var reference: nrplan_reference_site
        var budget: SiteBudget
        var east: [Double]
        var north: [Double]
        /// The links by grid row: the first link of each row (`east`/`north` index), and one past the last.
        var rowStarts: [Int]
    }

    /// What the command line asks for: `--sites`, `--rounds`, `--repeat` and the paths to time.
    static func parseOptions(_ arguments: [String]) throws -> (counts: [String: Int], paths: [String]) {
        var options = ["--sites": 96, "--rounds": 5, "--repeat": 8]
        var paths = ["c", "formula", "fast"]
        var index = 0
        while index < arguments.count {
            if arguments[index] == "--only", index + 1 < arguments.count, paths.contains(arguments[index + 1]) {
                paths = [arguments[index + 1]]
                index += 2
                continue
            }
            guard options[arguments[index]] != nil, index + 1 < arguments.count,
                let value = Int(arguments[index + 1]), value > 0
            else { throw BenchError.message(usage) }
            options[arguments[index]] = value
            index += 2
        }
        return (options, paths)
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let (options, paths) = try parseOptions(arguments)
        let profile = try RadioProfile.resolve(
            name: "n78-macro", overrides: ["los": "prob", "rsrp_threshold_dbm": -110], source: "kernel bench")
        let sites = (0..<options["--sites"]!).map { makeSite(profile: profile, index: $0) }
        let links = sites.reduce(0) { $0 + $1.east.count }
        let check = verify(sites)
        log(
            "\(sites.count) sites, \(links) links; C loop vs formula path: largest difference \(check.cVersusFormulaDB) dB; fast path vs formula: \(check.differingEntries) entries differ, kernel within \(check.kernelVersusFormulaDB) dB, \(check.links.formulaLinks) links (\(percent(check.links.formulaLinks, links))) decided by the formula"
        )
        guard check.cVersusFormulaDB <= 1e-9, check.differingEntries == 0 else {
            throw BenchError.message("the paths disagree: not timing them")
        }
        let rates = measure(
            paths: paths, sites: sites, links: links, repeats: options["--repeat"]!, rounds: options["--rounds"]!)
        guard paths.count == 3 else {
            for path in paths {
                print(
                    "\(path): \(format(rates.rate(path, 1) / 1e6)) / \(format(rates.rate(path, 2) / 1e6)) M links per wall second per thread (1 / 2 threads), \(format(rates.rate(path, 1, cpu: true) / 1e6)) / \(format(rates.rate(path, 2, cpu: true) / 1e6)) per CPU second"
                )
            }
            return 0
        }
        report(
            rates, links: links, repeats: options["--repeat"]!, rounds: options["--rounds"]!, check: check)
        return 0
    }

    /// Per path and thread count, the best of the rounds: links per wall second per thread, and
    /// links per CPU second of the worker threads (what another process's load does not change).
    struct Rates {
        var wall: [String: [Int: Double]] = [:]
        var cpu: [String: [Int: Double]] = [:]

        func rate(_ path: String, _ threads: Int, cpu: Bool = false) -> Double {
            (cpu ? self.cpu : wall)[path]![threads]!
        }
    }

    /// Times `paths` with 1 and 2 threads, `rounds` interleaved rounds, keeping each one's best.
    static func measure(paths: [String], sites: [Site], links: Int, repeats: Int, rounds: Int) -> Rates {
        var rates = Rates()
        for threads in [1, 2] {
            for _ in 0..<rounds {
                for path in paths {
                    let timing = time(path: path, sites: sites, threads: threads, repeats: repeats)
                    let work = Double(links * repeats)
                    rates.wall[path, default: [:]][threads] = max(
                        rates.wall[path]?[threads] ?? 0, work / timing.wallSeconds / Double(threads))
                    rates.cpu[path, default: [:]][threads] = max(
                        rates.cpu[path]?[threads] ?? 0, work / timing.cpuSeconds)
                }
            }
        }
        return rates
    }

    /// Site `index`: height 15 m + 0.35 m·index, placed off the grid's lattice, with every 50 m
    /// square centre within its search radius.
    static func makeSite(profile: RadioProfile, index: Int) -> Site {
        let height = 15 + 0.35 * Double(index)
        let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: height)
        let antenna = profile.antenna
        var azimuths: (Double, Double, Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &azimuths) { raw in
            let slots = raw.bindMemory(to: Double.self)
            for (k, azimuth) in antenna.azimuthsDegrees.prefix(8).enumerated() { slots[k] = azimuth }
        }
        let reference = nrplan_reference_site(
            frequencyGHz: profile.frequencyGHz, bsHeightMeters: height, utHeightMeters: profile.utHeightMeters,
            marginQuantile: profile.marginQuantile, penetrationStdDB: profile.penetration.standardDeviationDB,
            fixedLossesDB: profile.penetrationLossDB + profile.cableLossDB + profile.bodyLossDB - profile.ueGainDBi,
            maxGainDBi: antenna.maxGainDBi, downtiltDegrees: antenna.downtiltDegrees,
            horizontalBeamwidthDegrees: antenna.horizontalBeamwidthDegrees,
            verticalBeamwidthDegrees: antenna.verticalBeamwidthDegrees, frontToBackDB: antenna.frontToBackDB,
            verticalSideLobeDB: antenna.verticalSideLobeDB, azimuthsDegrees: azimuths,
            sectorCount: Int32(min(8, antenna.azimuthsDegrees.count)))
        let cell = 50.0
        let shiftEast = (17.3 + 3.1 * Double(index)).truncatingRemainder(dividingBy: cell)
        let shiftNorth = (-9.1 - 1.7 * Double(index)).truncatingRemainder(dividingBy: cell)
        let range = evaluator.maxRangeMeters
        let reach = Int((range / cell).rounded(.up)) + 1
        var east: [Double] = []
        var north: [Double] = []
        var rowStarts = [0]
        for row in -reach...reach {
            defer { if rowStarts.last != east.count { rowStarts.append(east.count) } }
            for column in -reach...reach {
                let e = (Double(column) + 0.5) * cell + shiftEast
                let n = (Double(row) + 0.5) * cell + shiftNorth
                if e * e + n * n <= range * range {
                    east.append(e)
                    north.append(n)
                }
            }
        }
        return Site(reference: reference, budget: SiteBudget(evaluator), east: east, north: north, rowStarts: rowStarts)
    }

    struct Check {
        var cVersusFormulaDB = 0.0
        var kernelVersusFormulaDB = 0.0
        var differingEntries = 0
        var links = LinkCounters()
    }

    static func verify(_ sites: [Site]) -> Check {
        var check = Check()
        for site in sites {
            var reference = site.reference
            var loss = [Double](repeating: 0, count: site.east.count)
            _ = nrplan_reference_uma_blend(&reference, site.east, site.north, site.east.count, 0, &loss)
            let evaluator = site.budget.evaluator
            let tx = evaluator.txPowerPerResourceElementDBm
            for i in 0..<site.east.count {
                let formula = evaluator.couplingLossDB(eastMeters: site.east[i], northMeters: site.north[i])
                check.cVersusFormulaDB = max(check.cVersusFormulaDB, abs(loss[i] - formula))
                let fast = site.budget.kernel.couplingLossDB(eastMeters: site.east[i], northMeters: site.north[i])
                if !fast.isNaN { check.kernelVersusFormulaDB = max(check.kernelVersusFormulaDB, abs(fast - formula)) }
                let expected =
                    formula <= evaluator.maxCouplingLossDB
                    ? Int32(CoverageMatrix.quantize(tx - formula)) : SiteBudget.notCovered
                let entry = site.budget.entry(
                    eastMeters: site.east[i], northMeters: site.north[i], txPowerDBm: tx, counters: &check.links)
                if entry != expected { check.differingEntries += 1 }
            }
        }
        return check
    }

    /// Wall seconds for every site's links `repeats` times, the sites split evenly over `threads`,
    /// and the CPU seconds the worker threads used (`CLOCK_THREAD_CPUTIME_ID`, summed).
    static func time(path: String, sites: [Site], threads: Int, repeats: Int) -> (
        wallSeconds: Double, cpuSeconds: Double
    ) {
        let start = DispatchTime.now().uptimeNanoseconds
        let parts = Parallel.chunks(count: sites.count, parts: threads)
        let cpuSeconds = Parallel.map(count: parts.count, threads: threads) { part in
            let cpuStart = threadCPUSeconds()
            var sink = 0
            for _ in 0..<repeats {
                for s in parts[part] { sink &+= evaluate(path: path, site: sites[s]) }
            }
            if sink == Int.min { print("") } // keeps the work observable
            return threadCPUSeconds() - cpuStart
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpuSeconds.reduce(0, +))
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// One path over one site's links; returns a checksum of what it wrote.
    @inline(never)
    static func evaluate(path: String, site: Site) -> Int {
        let count = site.east.count
        let evaluator = site.budget.evaluator
        let limit = evaluator.maxCouplingLossDB
        let tx = evaluator.txPowerPerResourceElementDBm
        switch path {
        case "c":
            var reference = site.reference
            var loss = [Double](repeating: 0, count: count)
            return nrplan_reference_uma_blend(&reference, site.east, site.north, count, limit, &loss)
        case "formula":
            var entries = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                let loss = evaluator.couplingLossDB(eastMeters: site.east[i], northMeters: site.north[i])
                entries[i] = loss <= limit ? Int32(CoverageMatrix.quantize(tx - loss)) : SiteBudget.notCovered
            }
            return Int(entries[count / 2])
        default:
            // As the coverage matrix runs it: a grid row through the kernel in one call, then the entry rule.
            var entries = [Int32](repeating: 0, count: count)
            var loss = [Double](repeating: 0, count: count)
            var counters = LinkCounters()
            site.east.withUnsafeBufferPointer { east in
                loss.withUnsafeMutableBufferPointer { loss in
                    for r in 0..<(site.rowStarts.count - 1) {
                        let first = site.rowStarts[r]
                        let end = site.rowStarts[r + 1]
                        let north = site.north[first]
                        site.budget.kernel.couplingLossesDB(
                            northMeters: north, eastMeters: east.baseAddress! + first, count: end - first,
                            into: loss.baseAddress! + first)
                        for i in first..<end {
                            entries[i] = site.budget.entry(
                                fastCouplingLossDB: loss[i], eastMeters: east[i], northMeters: north, txPowerDBm: tx,
                                counters: &counters)
                        }
                    }
                }
            }
            return Int(entries[count / 2]) &+ counters.formulaLinks
        }
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.3f %%", 100 * Double(part) / Double(max(1, whole)))
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("kernel: \(text)\n".utf8))
    }
}
