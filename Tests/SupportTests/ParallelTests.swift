import Synchronization
import Testing

@testable import Support

/// Counts the objects a test makes and frees.
final class LifeCounter: Sendable {
    let made = Atomic<Int>(0)
    let freed = Atomic<Int>(0)
    var alive: Int { made.load(ordering: .sequentiallyConsistent) - freed.load(ordering: .sequentiallyConsistent) }
}

/// An object that reports its own end, holding a payload like a per-block result does.
final class Tracked: Sendable {
    let counter: LifeCounter
    let payload: [Int]

    init(_ counter: LifeCounter, _ item: Int) {
        self.counter = counter
        payload = [Int](repeating: item, count: 64)
        counter.made.add(1, ordering: .sequentiallyConsistent)
    }

    deinit { counter.freed.add(1, ordering: .sequentiallyConsistent) }
}

/// A small object that reports its own end (hundreds of thousands of them in one test).
final class Counted: Sendable {
    let counter: LifeCounter
    let value: Int

    init(_ counter: LifeCounter, _ value: Int) {
        (self.counter, self.value) = (counter, value)
        counter.made.add(1, ordering: .sequentiallyConsistent)
    }

    deinit { counter.freed.add(1, ordering: .sequentiallyConsistent) }
}

@Suite("Parallel")
struct ParallelTests {
    @Test("chunk-wise map: results in chunk order with fixed boundaries for any thread count")
    func chunkOrder() {
        let chunks = Parallel.chunks(count: 100_000, minimumChunk: 1000)
        #expect(chunks.first?.lowerBound == 0 && chunks.last?.upperBound == 100_000)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        let values = (0..<100_000).map { Double($0 % 97) * 0.1 }
        var sums: [[Double]] = []
        for threads in 1...4 {
            sums.append(Parallel(threads: threads).map(chunks) { range in range.reduce(0.0) { $0 + values[$1] } })
        }
        for s in sums.dropFirst() { #expect(s == sums[0]) }
        #expect(sums[0].count == chunks.count)
    }

    @Test("item-wise map: the result of every item, in item order, for any thread count", arguments: [1, 2, 3, 8])
    func itemOrder(threads: Int) {
        let squares = Parallel.map(count: 1000, threads: threads) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(Parallel.map(count: 0, threads: threads) { $0 }.isEmpty)
        let parts = Parallel.chunks(count: 10, parts: 4)
        #expect(parts == [0..<2, 2..<5, 5..<7, 7..<10])
    }

    struct Failure: Error, Equatable { let item: Int }

    @Test("a throwing map rethrows the error of the lowest failing item", arguments: [1, 4])
    func lowestError(threads: Int) {
        #expect(throws: Failure(item: 17)) {
            _ = try Parallel.map(count: 200, threads: threads) { (item: Int) throws(Failure) -> Int in
                if item % 17 == 0 && item > 0 { throw Failure(item: item) }
                return item
            }
        }
    }

    @Test(
        "every object a map returns is freed once the caller drops the result (no leaked slots)", arguments: [1, 2, 4])
    func objectsAreFreed(threads: Int) {
        let counter = LifeCounter()
        do {
            let objects = Parallel.map(count: 100, threads: threads) { Tracked(counter, $0) }
            #expect(objects.count == 100 && counter.alive == 100)
            #expect(objects.enumerated().allSatisfy { $0.element.payload[0] == $0.offset })
        }
        #expect(counter.made.load(ordering: .sequentiallyConsistent) == 100)
        #expect(counter.alive == 0, "\(counter.alive) of 100 objects returned by Parallel.map are still alive")

        do {
            let chunks = Parallel.chunks(count: 10_000, minimumChunk: 100)
            let blocks = Parallel(threads: threads).map(chunks) { range in Tracked(counter, range.lowerBound) }
            #expect(blocks.count == chunks.count)
        }
        #expect(counter.alive == 0, "\(counter.alive) chunk results are still alive")

        do {
            let results = try? Parallel.map(count: 50, threads: threads) { (item: Int) throws(Failure) -> Tracked in
                if item == 30 { throw Failure(item: item) }
                return Tracked(counter, item)
            }
            #expect(results == nil)
        }
        #expect(counter.alive == 0, "\(counter.alive) results of a failed map are still alive")
    }

    @Test("forEach visits every item exactly once")
    func forEachOnce() {
        let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: 5000)
        hits.initialize(repeating: 0)
        defer { hits.deallocate() }
        let shared = SharedBuffer(pointer: hits)
        Parallel.forEach(count: 5000, threads: 4) { shared[$0] += 1 }
        #expect(hits.allSatisfy { $0 == 1 })
    }
}

@Suite("Parallel.compactMap")
struct ParallelCompactMapTests {
    @Test("same values and per-chunk states, in order, on 1, 2 and 5 threads")
    func sameAsSequential() {
        let count = 10_007
        let expected = (0..<count).compactMap { $0 % 7 == 3 ? nil : "item \($0)" }
        for threads in [1, 2, 5] {
            let (values, states) = Parallel(threads: threads).compactMap(
                count: count, minimumChunk: 500, state: { [Int]() }
            ) { k, skipped -> String? in
                if k % 7 == 3 {
                    skipped.append(k)
                    return nil
                }
                return "item \(k)"
            }
            #expect(values == expected)
            #expect(states.flatMap { $0 } == (0..<count).filter { $0 % 7 == 3 })
            #expect(states.count == Parallel.chunks(count: count, minimumChunk: 500).count)
        }
    }

    @Test("chunks that keep nothing (the first, the middle, all): values closed up in order")
    func emptyChunks() {
        let count = 5_000
        // Chunks of 500: the first and chunks 3–5 keep nothing, the others every third item.
        let keep = { (k: Int) in k >= 500 && !(1_500..<3_000).contains(k) && k % 3 == 0 }
        for threads in [1, 2, 3] {
            let (values, states) = Parallel(threads: threads).compactMap(
                count: count, minimumChunk: 500, state: { 0 }
            ) { k, seen -> [Int]? in
                seen += 1
                return keep(k) ? [k, -k] : nil
            }
            #expect(values == (0..<count).filter(keep).map { [$0, -$0] })
            #expect(states == Array(repeating: 500, count: 10))
            let (none, _) = Parallel(threads: threads).compactMap(count: count, minimumChunk: 500, state: { () }) {
                _, _ -> String? in nil
            }
            #expect(none.isEmpty)
            let (empty, noStates) = Parallel(threads: threads).compactMap(count: 0, minimumChunk: 500, state: { () }) {
                _, _ -> String? in "never"
            }
            #expect(empty.isEmpty && noStates.isEmpty)
        }
    }

    @Test("large results: the same values, every object freed once")
    func largeResults() {
        let count = 400_003 // slots of 16 bytes: 6.4 MB
        let counter = LifeCounter()
        do {
            let (values, _) = Parallel(threads: 2).compactMap(count: count, minimumChunk: 4096, state: { () }) {
                k, _ -> Counted? in k % 5 == 1 ? nil : Counted(counter, k)
            }
            #expect(values.count == count - (count + 3) / 5)
            #expect(values.enumerated().allSatisfy { $1.value == $0 + ($0 + 3) / 4 })
            #expect(counter.alive == values.count)
        }
        #expect(counter.alive == 0)
    }
}
