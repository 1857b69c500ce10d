import Testing

@testable import Optimizer

/// The capacitated facility-location solver against brute force on many small random instances,
/// for every assignment rule: the answer is feasible and costs what it says, never less than the
/// optimum, usually the optimum; the lower bound is never above the optimum.
@Suite("Facility location against brute force")
struct FacilityLocationTests {
    /// A random instance: facilities and customers on a 100 × 100 square, costs = distance ×
    /// demand, capacities from tight to loose, optionally sparse pairs, a zero-demand customer and
    /// an always-open facility.
    static func randomInstance(
        _ random: inout TestRandom, facilities n: Int, customers m: Int, sparse: Bool, extras: Bool,
        looseness fixedLooseness: Double? = nil
    ) throws -> FacilityLocationInstance {
        let fx = (0..<n).map { _ in Double(random.int(0...100)) }
        let fy = (0..<n).map { _ in Double(random.int(0...100)) }
        var demands = (0..<m).map { _ in Double(random.int(1...20)) }
        if extras && random.chance(0.5) { demands[random.int(0...(m - 1))] = 0 }
        let total = demands.reduce(0, +)
        let looseness = fixedLooseness ?? [1.1, 1.5, 2.5, 6.0][random.int(0...3)]
        var capacities = (0..<n).map { _ in
            (looseness * total / Double(n) * Double(random.int(50...150)) / 100).rounded()
        }
        let largest = demands.max() ?? 0
        capacities = capacities.map { max($0, largest * (random.chance(0.8) ? 1 : 0.5)) }
        let fixed = (0..<n).map { _ in Double(random.int(5...80)) }
        var starts = [0]
        var facilities: [UInt32] = []
        var costs: [Double] = []
        for i in 0..<m {
            let cx = Double(random.int(0...100))
            let cy = Double(random.int(0...100))
            var allowed = (0..<n).filter { _ in !sparse || random.chance(0.6) }
            if allowed.isEmpty { allowed = [random.int(0...(n - 1))] }
            for j in allowed {
                let distance = ((fx[j] - cx) * (fx[j] - cx) + (fy[j] - cy) * (fy[j] - cy)).squareRoot()
                facilities.append(UInt32(j))
                costs.append((distance * max(demands[i], 1) / 10).rounded() / 4)
            }
            starts.append(facilities.count)
        }
        return try FacilityLocationInstance(
            fixedCosts: fixed, capacities: capacities, demands: demands, customerStarts: starts,
            customerFacilities: facilities, assignmentCosts: costs,
            alwaysOpen: extras && random.chance(0.4) ? [random.int(0...(n - 1))] : [])
    }

    /// Checks the returned solution on its own terms: shares sum to 1 on allowed pairs of open
    /// facilities, loads within capacity, the rule respected, costs add up.
    static func checkSolution(_ s: FacilityLocationSolution, _ instance: FacilityLocationInstance) {
        let open = Set(s.openFacilities)
        #expect(Set(instance.alwaysOpen).isSubset(of: open))
        var load = [Double](repeating: 0, count: instance.facilityCount)
        var assignmentCost = 0.0
        for i in 0..<instance.customerCount {
            let serving = s.serving(customer: i)
            #expect(abs(serving.map(\.fraction).reduce(0, +) - 1) < 1e-9, "customer \(i) not fully served")
            if s.rule != .split { #expect(serving.count == 1) }
            for (j, fraction) in serving {
                #expect(open.contains(j))
                let entry = instance.entries(ofCustomer: i).first { Int(instance.customerFacilities[$0]) == j }
                guard let entry else {
                    Issue.record("customer \(i) served by facility \(j), which is not allowed")
                    continue
                }
                load[j] += fraction * instance.demands[i]
                assignmentCost += fraction * instance.assignmentCosts[entry]
            }
            if s.rule == .bestServer, let (j, _) = serving.first {
                // No open allowed facility is preferred to the server.
                let rank = { (k: Int) in instance.preferences?[k] ?? -instance.assignmentCosts[k] }
                let server = instance.entries(ofCustomer: i).first { Int(instance.customerFacilities[$0]) == j }!
                for k in instance.entries(ofCustomer: i) where open.contains(Int(instance.customerFacilities[k])) {
                    let better =
                        rank(k) > rank(server)
                        || (rank(k) == rank(server)
                            && instance.customerFacilities[k] < instance.customerFacilities[server])
                    #expect(!better, "customer \(i) is not served by its best open facility")
                }
            }
        }
        for j in open { #expect(load[j] <= instance.capacities[j] * (1 + 1e-9) + 1e-9, "facility \(j) overloaded") }
        let fixed = open.filter { !instance.alwaysOpenFlags[$0] }.map { instance.fixedCosts[$0] }.reduce(0, +)
        #expect(abs(fixed - s.fixedCost) <= 1e-9 * max(1, fixed))
        #expect(abs(assignmentCost - s.assignmentCost) <= 1e-7 * max(1, assignmentCost))
        #expect(abs(s.cost - s.fixedCost - s.assignmentCost) <= 1e-9 * max(1, s.cost))
    }

    static func reference(_ instance: FacilityLocationInstance, _ rule: AssignmentRule) -> Double? {
        switch rule {
        case .split: return CapacitatedReference.splitOptimum(instance)
        case .singleSource: return CapacitatedReference.singleSourceOptimum(instance)
        case .bestServer: return CapacitatedReference.bestServerOptimum(instance)
        }
    }

    @Test(
        "random instances: feasible, cost ≥ optimum (almost always =), bound ≤ optimum",
        arguments: AssignmentRule.allCases)
    func bruteForce(rule: AssignmentRule) throws {
        var random = TestRandom(seed: rule == .split ? 101 : rule == .singleSource ? 202 : 303)
        var solved = 0
        var optimal = 0
        var infeasible = 0
        var gaps: [Double] = []
        for index in 0..<150 {
            let n = random.int(2...(rule == .singleSource ? 4 : 7))
            let m = random.int(2...(rule == .singleSource ? 7 : 9))
            let instance = try Self.randomInstance(
                &random, facilities: n, customers: m, sparse: index % 3 == 0, extras: index % 4 == 1)
            let optimum = Self.reference(instance, rule)
            let solution: FacilityLocationSolution
            do {
                solution = try solveFacilityLocation(instance, rule: rule, options: SolverOptions(threads: 1))
            } catch {
                #expect(optimum == nil, "case \(index): solver failed (\(error)) but the optimum is \(optimum ?? 0)")
                if case .infeasibleFacilityLocation(_, let proven) = error, proven {
                    #expect(optimum == nil, "case \(index): infeasibility claimed proven")
                }
                infeasible += 1
                continue
            }
            guard let optimum else {
                Issue.record("case \(index): brute force finds no feasible solution, solver returned \(solution.cost)")
                continue
            }
            solved += 1
            Self.checkSolution(solution, instance)
            let tolerance = 1e-9 * max(1, optimum)
            #expect(solution.cost >= optimum - tolerance, "case \(index): cost below the optimum")
            let bound = try #require(solution.lowerBound)
            #expect(bound <= optimum + tolerance, "case \(index): bound \(bound) above the optimum \(optimum)")
            if solution.cost <= optimum + tolerance { optimal += 1 }
            gaps.append((solution.cost - optimum) / optimum)
            if solution.provenOptimal { #expect(solution.cost <= optimum + tolerance) }
        }
        let meanGap = gaps.reduce(0, +) / Double(max(1, gaps.count))
        #expect(solved >= (rule == .bestServer ? 70 : 100), "\(solved) solved, \(infeasible) infeasible")
        #expect(Double(optimal) >= 0.95 * Double(solved), "optimum on \(optimal) of \(solved)")
        #expect(meanGap <= 0.002, "mean gap \(meanGap)")
    }

    @Test("threads 1 and 2 give identical solutions and bounds", arguments: AssignmentRule.allCases)
    func threadIndependence(rule: AssignmentRule) throws {
        var random = TestRandom(seed: 7)
        let instance = try Self.randomInstance(
            &random, facilities: 40, customers: 400, sparse: true, extras: false,
            looseness: rule == .bestServer ? 6 : 1.5)
        var results: [FacilityLocationSolution] = []
        for threads in [1, 2] {
            var options = SolverOptions(threads: threads, seed: 3)
            options.effort = 0.3
            do {
                results.append(try solveFacilityLocation(instance, rule: rule, options: options))
            } catch {
                Issue.record("\(rule): \(error)")
                return
            }
        }
        let (a, b) = (results[0], results[1])
        #expect(!a.stoppedByTimeLimit && !b.stoppedByTimeLimit)
        #expect(a.openFacilities == b.openFacilities)
        #expect(a.cost.bitPattern == b.cost.bitPattern)
        #expect(a.lowerBound?.bitPattern == b.lowerBound?.bitPattern)
        #expect(a.servingFacilities == b.servingFacilities && a.servingFractions == b.servingFractions)
        #expect(a.statistics == b.statistics)
        Self.checkSolution(a, instance)
    }
}
