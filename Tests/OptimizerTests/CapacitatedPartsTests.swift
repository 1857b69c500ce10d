import Testing

@testable import Optimizer

/// The pieces of the capacitated solver on their own: knapsacks against enumeration, the
/// OR-Library CFLP reader and its errors.
@Suite("Capacitated pieces")
struct CapacitatedPartsTests {
    @Test("continuous knapsack equals the sorted greedy; 0-1 knapsack equals enumeration (B&B and DP paths)")
    func knapsacks() {
        var random = TestRandom(seed: 5)
        var knapsack = PackingKnapsack()
        for index in 0..<400 {
            let n = random.int(1...14)
            let profits = (0..<n).map { _ in Double(random.int(1...60)) + (index % 2 == 0 ? 0 : 0.25) }
            // Whole weights with a common divisor (the DP path) or fractional ones (B&B only).
            let weights = (0..<n).map { _ in
                index % 3 == 0 ? Double(random.int(0...9)) * 10 : Double(random.int(1...500)) / 7
            }
            let capacity = Double(random.int(0...Int(weights.reduce(0, +).rounded() + 10)))
            knapsack.removeAll()
            for k in 0..<n { knapsack.add(profit: profits[k], weight: weights[k], id: k) }
            // Continuous reference: sort by ratio, fill.
            let sorted = (0..<n).sorted {
                (weights[$0] == 0 ? Double.infinity : profits[$0] / weights[$0])
                    > (weights[$1] == 0 ? Double.infinity : profits[$1] / weights[$1])
            }
            var room = capacity
            var greedy = 0.0
            for k in sorted {
                if weights[k] <= room {
                    room -= weights[k]
                    greedy += profits[k]
                } else {
                    greedy += profits[k] * room / weights[k]
                    break
                }
            }
            let continuous = knapsack.solveContinuous(capacity: capacity)
            #expect(abs(continuous.value - greedy) <= 1e-9 * max(1, greedy), "case \(index)")
            let used = (0..<n).map { knapsack.fractions[$0] * weights[$0] }.reduce(0, +)
            #expect(used <= capacity + 1e-9)
            // 0-1 reference: every subset.
            var best = 0.0
            for mask in 0..<(1 << n) {
                var w = 0.0
                var p = 0.0
                for k in 0..<n where mask & (1 << k) != 0 {
                    w += weights[k]
                    p += profits[k]
                }
                if w <= capacity + 1e-9 { best = max(best, p) }
            }
            let binary = knapsack.solveBinary(capacity: capacity, nodeLimit: index % 5 == 0 ? 3 : 100_000)
            #expect(binary.upperBound >= best - 1e-9, "case \(index): upper bound below the optimum")
            if binary.exact { #expect(abs(binary.value - best) <= 1e-9 * max(1, best), "case \(index)") }
            let chosen = (0..<n).filter { knapsack.fractions[$0] == 1 }
            #expect(chosen.map { weights[$0] }.reduce(0, +) <= capacity + 1e-9)
            #expect(abs(chosen.map { profits[$0] }.reduce(0, +) - binary.value) <= 1e-9 * max(1, best))
            #expect((0..<n).allSatisfy { knapsack.fractions[$0] == 0 || knapsack.fractions[$0] == 1 })
        }
    }

    static let tiny = """
         3 4
         capacity 100.
         capacity 50.
         capacity .00000
         10
         5. 7. 9.
         20
         1.5 2.5 3.5
         15
         4 4 4
         5
         .5 1e1 2
        """

    @Test("reads OR-Library CFLP files: 'capacity' filled from --capacity, costs per customer")
    func reader() throws {
        let instance = try ORLibraryCFLPReader.parse(bytes: Array(Self.tiny.utf8), file: "tiny.txt", capacity: 30)
        #expect(instance.facilityCount == 3 && instance.customerCount == 4)
        #expect(instance.capacities == [30, 30, 30])
        #expect(instance.fixedCosts == [100, 50, 0])
        #expect(instance.demands == [10, 20, 15, 5])
        #expect(instance.totalDemand == 50)
        #expect(Array(instance.assignmentCosts[9..<12]) == [0.5, 10, 2])
        let numeric = Self.tiny.replacingOccurrences(of: "capacity", with: "40")
        let plain = try ORLibraryCFLPReader.parse(bytes: Array(numeric.utf8), file: "plain.txt", capacity: nil)
        #expect(plain.capacities == [40, 40, 40])
    }

    @Test(
        "reader errors name the file, the line, what was expected and what was found",
        arguments: [
            ("missing --capacity", tiny, nil, 2, "--capacity C", "the word 'capacity'"),
            (
                "--capacity on numbers", tiny.replacingOccurrences(of: "capacity", with: "40"), 30.0, 2, "the word",
                "numeric"
            ),
            (
                "bad token", tiny.replacingOccurrences(of: "1.5", with: "1,5"), 30.0, 8, "customer 2 to warehouse 1",
                "'1,5'"
            ),
            (
                "negative", tiny.replacingOccurrences(of: " 15\n", with: " -15\n"), 30.0, 9, "demand of customer 3",
                "-15"
            ),
            ("truncated", String(tiny.dropLast(4)), 30.0, 12, "customer 4 to warehouse 3", "end of file"),
            ("extra", tiny + " 7\n", 30.0, 12, "end of file after 3 warehouses", "'7'"),
            ("count", "2.5 3\n", nil, 1, "number of warehouses", "2.5"),
        ] as [(String, String, Double?, Int, String, String)])
    func readerErrors(label: String, text: String, capacity: Double?, line: Int, expected: String, found: String) {
        do {
            _ = try ORLibraryCFLPReader.parse(bytes: Array(text.utf8), file: "bad.txt", capacity: capacity)
            Issue.record("\(label): no error")
        } catch {
            guard case .parse(let file, let at, let what, let got) = error else {
                Issue.record("\(label): \(error)")
                return
            }
            #expect(file == "bad.txt")
            #expect(at == line, "\(label): line \(at), \(error)")
            #expect(what.contains(expected), "\(label): \(what)")
            #expect(got.contains(found), "\(label): \(got)")
        }
    }
}
