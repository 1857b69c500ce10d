import Foundation
import Support

extension KernelBench {
    /// Prints the table of the three paths (per wall second per thread and per CPU second, 1 and 2
    /// threads, each over the C loop), then the bench's one JSON line.
    static func report(_ rates: Rates, links: Int, repeats: Int, rounds: Int, check: Check) {
        print("")
        print(
            "Link budget, blended TR 38.901 UMa + 3-sector antenna: \(links) links × \(repeats), best of \(rounds) rounds"
        )
        print("")
        print(
            "| path | 1 thread: M links/s | 2 threads: M links/s per thread | ÷ C loop | 1 thread: M links per CPU s | 2 threads: M links per CPU s | ÷ C loop |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for (path, label) in [
            ("c", "(a) plain scalar C loop"), ("formula", "(b) formula path"), ("fast", "(c) fast path"),
        ] {
            var cells = "| \(label) |"
            for cpu in [false, true] {
                let one = rates.rate(path, 1, cpu: cpu)
                let two = rates.rate(path, 2, cpu: cpu)
                cells +=
                    " \(format(one / 1e6)) | \(format(two / 1e6)) | \(format(one / rates.rate("c", 1, cpu: cpu)))× / \(format(two / rates.rate("c", 2, cpu: cpu)))× |"
            }
            print(cells)
        }
        print("")
        var json: [(key: String, value: JSONValue)] = [("links", .number(Double(links)))]
        for path in ["c", "formula", "fast"] {
            for threads in [1, 2] {
                json.append(("\(path)_per_thread_\(threads)", .number(rates.rate(path, threads).rounded())))
                json.append(
                    ("\(path)_per_cpu_second_\(threads)", .number(rates.rate(path, threads, cpu: true).rounded())))
            }
        }
        for threads in [1, 2] {
            json.append(
                (
                    "fast_over_c_\(threads)",
                    .number((rates.rate("fast", threads) / rates.rate("c", threads) * 100).rounded() / 100)
                ))
            json.append(
                (
                    "fast_over_c_cpu_\(threads)",
                    .number(
                        (rates.rate("fast", threads, cpu: true) / rates.rate("c", threads, cpu: true) * 100).rounded()
                            / 100)
                ))
        }
        json += [
            ("formula_link_share", .number(Double(check.links.formulaLinks) / Double(links))),
            ("c_vs_formula_db", .number(check.cVersusFormulaDB)),
            ("kernel_vs_formula_db", .number(check.kernelVersusFormulaDB)),
            ("differing_entries", .number(Double(check.differingEntries))),
        ]
        print(JSONWriter.string(.object(json)))
    }
}
