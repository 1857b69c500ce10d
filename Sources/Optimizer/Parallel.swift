import Dispatch

/// Deterministic data parallelism: work is cut into chunks whose boundaries depend only on the
/// problem size (never on the thread count), chunks are spread over `threads` workers with
/// `DispatchQueue.concurrentPerform`, and per-chunk results are combined in chunk order. So a
/// floating-point sum, a best-move search or a reduced-cost update gives bit-identical results for
/// any number of threads.
struct Parallel: Sendable {
    /// Workers (≥ 1).
    let threads: Int

    /// Fixed chunk boundaries for `count` items: chunks of at least `minimumChunk` items, at most
    /// 256 chunks. Depends on `count` only.
    static func chunks(count: Int, minimumChunk: Int = 2048) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let size = max(minimumChunk, (count + 255) / 256)
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// Runs `body` on every chunk (in parallel when `threads > 1`) and returns the results in chunk order.
    ///
    /// `body` must only write to memory that belongs to its chunk (or to its own result).
    /// - Parameter work: an estimate of the total work (e.g. matrix entries visited); below
    ///   `Parallel.minimumParallelWork` the chunks run on the calling thread (same results, no dispatch cost).
    func map<T>(_ chunks: [Range<Int>], work: Int = .max, _ body: (Range<Int>) -> T) -> [T] {
        if threads <= 1 || chunks.count <= 1 || work < Parallel.minimumParallelWork {
            return chunks.map(body)
        }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: chunks.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let workers = min(threads, chunks.count)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox((body, results))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let (work, out) = box.value
                var c = worker
                while c < chunks.count {
                    out[c] = work(chunks[c])
                    c += workers
                }
            }
        }
        return results.compactMap { $0 }
    }

    /// Runs `body` on every chunk for its side effects (disjoint writes per chunk).
    func forEach(_ chunks: [Range<Int>], work: Int = .max, _ body: (Range<Int>) -> Void) {
        _ = map(chunks, work: work) { range -> Bool in
            body(range)
            return true
        }
    }

    /// Work (matrix-entry visits) below which handing chunks to other threads costs more than it
    /// saves: a wake-up and hand-off costs tens of microseconds, about 10⁵ simple visits.
    static let minimumParallelWork = 150_000
}

/// Carries a non-Sendable value into `concurrentPerform` workers. Used only where every worker
/// writes disjoint memory (per-chunk slots) and reads shared immutable data.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A buffer shared by parallel workers that write disjoint index ranges (one per chunk).
struct SharedBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<T>
    subscript(i: Int) -> T {
        get { pointer[i] }
        nonmutating set { pointer[i] = newValue }
    }
}
