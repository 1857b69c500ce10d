import Testing

@testable import Optimizer

/// The transportation simplex against an independent successive-shortest-path solver, with its
/// tree invariants and its duals (dual feasibility, complementary slackness, equal objectives).
@Suite("Transportation simplex")
struct TransportationTests {
    struct Case {
        var supplies: [Double]
        var demands: [Double]
        var arcs: [(source: Int, sink: Int, unitCost: Double)]
    }

    static func randomCase(_ random: inout TestRandom, integral: Bool, large: Bool = false) -> Case {
        let k = large ? random.int(5...25) : random.int(1...6)
        let m = large ? random.int(50...300) : random.int(1...12)
        let density = [0.5, 0.8, 1.0][random.int(0...2)]
        var arcs: [(source: Int, sink: Int, unitCost: Double)] = []
        for s in 0..<k {
            for t in 0..<m where random.chance(density) {
                let c = integral ? Double(random.int(0...20)) : Double(random.int(0...2000)) / 97
                arcs.append((s, t, c))
            }
        }
        let demands = (0..<m).map { _ in integral ? Double(random.int(1...30)) : Double(random.int(1...3000)) / 101 }
        let total = demands.reduce(0, +)
        // Total supply from 90 % to 190 % of the demand, so some cases are infeasible.
        let scale = 0.9 + Double(random.int(0...100)) / 100
        var supplies = (0..<k).map { _ in Double(random.int(1...100)) }
        let sum = supplies.reduce(0, +)
        supplies = supplies.map { integral ? ($0 * total * scale / sum).rounded(.up) : $0 * total * scale / sum }
        return Case(supplies: supplies, demands: demands, arcs: arcs)
    }

    @Test(
        "optimal cost equals successive shortest paths on random cases; invariants and duals hold",
        arguments: [false, true])
    func againstReference(large: Bool) {
        var random = TestRandom(seed: large ? 43 : 41)
        var simplex = TransportationSimplex()
        var feasibleCount = 0
        var infeasibleCount = 0
        let count = large ? 60 : 600
        for index in 0..<count {
            let c = Self.randomCase(&random, integral: index % 2 == 0, large: large)
            simplex.reset(sourceSupplies: c.supplies, sinkDemands: c.demands)
            for arc in c.arcs { simplex.addArc(source: arc.source, sink: arc.sink, unitCost: arc.unitCost) }
            let status = simplex.solve()
            #expect(simplex.invariantViolation() == nil, "case \(index): \(simplex.invariantViolation() ?? "")")
            let reference = CapacitatedReference.transportationCost(
                supplies: c.supplies, demands: c.demands, arcs: c.arcs)
            guard let reference else {
                #expect(status == .infeasible, "case \(index): the reference finds no feasible flow")
                #expect(simplex.shortfall > 0)
                infeasibleCount += 1
                continue
            }
            #expect(status == .optimal, "case \(index): reference cost \(reference)")
            guard status == .optimal else { continue }
            feasibleCount += 1
            var cost = 0.0
            var dualViolation = 0.0
            var slackness = 0.0
            for (a, arc) in c.arcs.enumerated() {
                cost += arc.unitCost * simplex.flow[a]
                let reduced = arc.unitCost - simplex.sinkDual(arc.sink) + simplex.sourceDual(arc.source)
                dualViolation = max(dualViolation, -reduced)
                if simplex.flow[a] > 1e-9 { slackness = max(slackness, abs(reduced)) }
            }
            #expect(abs(cost - reference) <= 1e-9 * max(1, reference), "case \(index): \(cost) vs \(reference)")
            #expect(dualViolation <= 1e-7 && slackness <= 1e-7, "case \(index)")
            var dualObjective = 0.0
            for t in 0..<c.demands.count { dualObjective += c.demands[t] * simplex.sinkDual(t) }
            for s in 0..<c.supplies.count {
                #expect(simplex.sourceDual(s) >= -1e-9)
                dualObjective -= c.supplies[s] * simplex.sourceDual(s)
            }
            #expect(abs(dualObjective - reference) <= 1e-7 * max(1, reference), "case \(index): strong duality")
        }
        #expect(
            feasibleCount > count / 3 && infeasibleCount > count / 20,
            "\(feasibleCount) feasible, \(infeasibleCount) infeasible")
    }
}
