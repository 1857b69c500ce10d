/// A set of open facilities with its cost under an assignment rule.
struct OpenSetValue: Sendable {
    /// Open facilities that serve someone, plus the always-open ones; ascending.
    var open: [Int]
    /// The set that was evaluated (a superset of `open`): evaluating it again gives this value.
    var evaluated: [Int]
    /// Fixed cost of `open` plus the assignment cost.
    var cost: Double
    var assignmentCost: Double
}

/// Evaluates open sets under one `AssignmentRule`: the exact transportation problem (`split`), the
/// GAP heuristic (`singleSource`) or the forced best-server assignment (`bestServer`). Facilities
/// that end up serving nobody are closed (their fixed cost saved; no assignment changes — under
/// best server an unused facility is nobody's best server). One evaluator per thread of work.
struct OpenSetEvaluator {
    let rule: AssignmentRule
    private var split: SplitAssignment?
    private var single: SingleSourceAssignment?
    private var best: BestServerAssignment?
    /// Open sets evaluated.
    private(set) var evaluations = 0

    init(_ instance: FacilityLocationInstance, rule: AssignmentRule) {
        self.rule = rule
        switch rule {
        case .split: split = SplitAssignment(instance)
        case .singleSource: single = SingleSourceAssignment(instance)
        case .bestServer: best = BestServerAssignment(instance)
        }
    }

    /// Deterministic work of every evaluation so far.
    var work: Int { (split?.work ?? 0) + (single?.totalWork ?? 0) + (best?.work ?? 0) }

    /// How far the last evaluated set is from feasible under the rule (0 when feasible): unserved
    /// demand, plus overload left (single source) or forced by the best servers (best server).
    private(set) var violation = 0.0

    /// The cost of `open` (ascending facility ids) with unused facilities closed, or `nil` when
    /// the rule finds no feasible assignment for it.
    mutating func evaluate(_ instance: FacilityLocationInstance, open: [Int]) -> OpenSetValue? {
        evaluations += 1
        let assignmentCost: Double?
        switch rule {
        case .split: assignmentCost = split!.solve(instance, open: open)
        case .singleSource: assignmentCost = single!.solve(instance, open: open)
        case .bestServer: assignmentCost = best!.solve(instance, open: open)
        }
        guard let assignmentCost else {
            switch rule {
            case .split: violation = max(split!.simplex.shortfall, 1e-9)
            case .singleSource: violation = single!.violation
            case .bestServer: violation = best!.violation
            }
            return nil
        }
        violation = 0
        let used = servingFacilities(instance)
        var kept: [Int] = []
        var fixed = 0.0
        for j in open where used[j] || instance.alwaysOpenFlags[j] {
            kept.append(j)
            if !instance.alwaysOpenFlags[j] { fixed += instance.fixedCosts[j] }
        }
        return OpenSetValue(open: kept, evaluated: open, cost: fixed + assignmentCost, assignmentCost: assignmentCost)
    }

    /// Which facilities serve at least one customer in the last evaluation.
    private func servingFacilities(_ instance: FacilityLocationInstance) -> [Bool] {
        var used = [Bool](repeating: false, count: instance.facilityCount)
        switch rule {
        case .split:
            let fractions = split!.entryFractions(instance)
            for k in 0..<instance.entryCount where fractions[k] > 0 { used[Int(instance.customerFacilities[k])] = true }
        case .singleSource:
            for j in single!.server where j >= 0 { used[Int(j)] = true }
        case .bestServer:
            for j in best!.server where j >= 0 { used[Int(j)] = true }
        }
        return used
    }

    /// The last evaluation's assignment as a customer-wise CSR of (facility, fraction) pairs.
    func assignment(_ instance: FacilityLocationInstance) -> (starts: [Int], facilities: [Int], fractions: [Double]) {
        var starts = [0]
        var facilities: [Int] = []
        var fractions: [Double] = []
        switch rule {
        case .split:
            let f = split!.entryFractions(instance)
            for i in 0..<instance.customerCount {
                for k in instance.entries(ofCustomer: i) where f[k] > 0 {
                    facilities.append(Int(instance.customerFacilities[k]))
                    fractions.append(f[k])
                }
                starts.append(facilities.count)
            }
        case .singleSource, .bestServer:
            let server = rule == .singleSource ? single!.server : best!.server
            for i in 0..<instance.customerCount {
                facilities.append(Int(server[i]))
                fractions.append(1)
                starts.append(facilities.count)
            }
        }
        return (starts, facilities, fractions)
    }
}
