import Dispatch
import Synchronization

/// Deterministic data parallelism on `DispatchQueue.concurrentPerform`.
///
/// Work is cut into items (or chunks of items) whose boundaries depend only on the problem size,
/// never on the thread count; up to `threads` workers pull items from a shared counter (dynamic
/// load balancing); each item writes only its own result slot, and results are read back in item
/// order. So a floating-point sum, a best-move search or a per-block coverage computation gives
/// bit-identical results for any number of threads.
///
/// Result slots are initialised before the work and deinitialised after it, so every value a
/// `map` returns is owned by the returned array only (nothing stays alive once the caller drops it).
public struct Parallel: Sendable {
    /// Workers (≥ 1).
    public let threads: Int

    /// A runner with up to `threads` workers (values below 1 mean 1).
    public init(threads: Int) { self.threads = max(1, threads) }

    /// Work (matrix-entry visits) below which handing chunks to other threads costs more than it
    /// saves: a wake-up and hand-off costs tens of microseconds, about 10⁵ simple visits.
    public static let minimumParallelWork = 150_000

    // MARK: Fixed chunkings (depend on the sizes only)

    /// Fixed chunk boundaries for `count` items: chunks of at least `minimumChunk` items, at most
    /// 256 chunks. Depends on `count` and `minimumChunk` only.
    public static func chunks(count: Int, minimumChunk: Int = 2048) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let size = max(minimumChunk, (count + 255) / 256)
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// Splits `0..<count` into about `parts` contiguous ranges (fixed by count and parts only).
    public static func chunks(count: Int, parts: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let n = max(1, min(parts, count))
        return (0..<n).map { k in (count * k / n)..<(count * (k + 1) / n) }
    }

    // MARK: Chunk-wise work

    /// Runs `body` on every chunk (in parallel when `threads > 1`) and returns the results in chunk order.
    ///
    /// `body` must only write to memory that belongs to its chunk (or to its own result).
    /// - Parameter work: an estimate of the total work (e.g. matrix entries visited); below
    ///   `Parallel.minimumParallelWork` the chunks run on the calling thread (same results, no dispatch cost).
    public func map<T>(_ chunks: [Range<Int>], work: Int = .max, _ body: (Range<Int>) -> T) -> [T] {
        if work < Parallel.minimumParallelWork { return chunks.map(body) }
        return Parallel.collect(count: chunks.count, threads: threads) { body(chunks[$0]) }
    }

    /// `map(chunks, body)` with `job`, a task independent of the chunks, run as one more item
    /// before them: one worker does it while the others take the chunks (a file's SHA-256 while
    /// its rows are read). On one thread: `job`, then the chunks in order.
    public func map<T>(_ chunks: [Range<Int>], alongside job: () -> Void, _ body: (Range<Int>) -> T) -> [T] {
        let results: [T?] = Parallel.collect(count: chunks.count + 1, threads: threads) { item in
            if item == 0 {
                job()
                return nil
            }
            return body(chunks[item - 1])
        }
        return results.dropFirst().map { $0! }
    }

    /// Runs `body` on every chunk for its side effects (disjoint writes per chunk).
    public func forEach(_ chunks: [Range<Int>], work: Int = .max, _ body: (Range<Int>) -> Void) {
        if work < Parallel.minimumParallelWork || threads <= 1 || chunks.count <= 1 {
            for chunk in chunks { body(chunk) }
            return
        }
        Parallel.run(count: chunks.count, threads: threads) { body(chunks[$0]) }
    }

    /// `(0..<count).compactMap(transform)` in fixed chunks of at least `minimumChunk` items on up to
    /// `threads` threads, each chunk with its own `Diagnostics`-like state (returned in chunk
    /// order). Each value is written once, into the result's own storage (chunk k's values from
    /// its first item's slot on; the chunks are then closed up by moves): for large structs full
    /// of references (a `Site`) neither a copy nor a second array of the result's size (fresh
    /// pages the kernel zeroes: 38 MB for a city catalogue's sites) is made.
    /// Inlinable, so that it is specialised for the caller's types (generic code would look up
    /// type metadata for every item).
    @inlinable
    public func compactMap<T, State>(
        count: Int, minimumChunk: Int, state: () -> State, _ transform: (Int, inout State) -> T?
    ) -> (values: [T], states: [State]) {
        let chunks = Parallel.chunks(count: count, minimumChunk: minimumChunk)
        var parts: [(count: Int, state: State)] = []
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = UncheckedBox(buffer.baseAddress)
            parts = map(chunks) { range -> (count: Int, state: State) in
                var local = state()
                var written = 0
                for k in range {
                    guard let value = transform(k, &local) else { continue }
                    (output.value! + range.lowerBound + written).initialize(to: value)
                    written += 1
                }
                return (written, local)
            }
            initialized = 0
            for (chunk, part) in zip(chunks, parts) {
                if let base = buffer.baseAddress, initialized != chunk.lowerBound {
                    (base + initialized).moveInitialize(from: base + chunk.lowerBound, count: part.count)
                }
                initialized += part.count
            }
        }
        return (values, parts.map(\.state))
    }

    // MARK: Item-wise work

    /// Calls `body(item)` once for every item in `0..<count`, on up to `threads` threads.
    public static func forEach(count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        run(count: count, threads: threads, body)
    }

    /// `(0..<count).map(transform)` computed on up to `threads` threads; results in item order.
    public static func map<T: Sendable>(count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        collect(count: count, threads: threads, transform)
    }

    /// Like `map`, for transforms that throw: the error of the lowest failing item is rethrown.
    public static func map<T: Sendable, E: Error>(count: Int, threads: Int, _ transform: @Sendable (Int) throws(E) -> T)
        throws(E) -> [T]
    {
        let results: [Result<T, E>] = collect(count: count, threads: threads) { item in
            do throws(E) { return .success(try transform(item)) } catch { return .failure(error) }
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for result in results {
            switch result {
            case .success(let value): values.append(value)
            case .failure(let error): throw error
            }
        }
        return values
    }

    // MARK: The one engine

    /// `(0..<count).map(transform)` on up to `threads` workers, in item order. The slots are
    /// initialised to nil before the work and deinitialised before they are freed: deallocating
    /// without deinitialising would leak every object a transform returns (and everything it holds).
    static func collect<T>(count: Int, threads: Int, _ transform: (Int) -> T) -> [T] {
        if threads <= 1 || count <= 1 { return (0..<count).map(transform) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let output = SharedBuffer(pointer: slots)
        run(count: count, threads: threads) { item in output[item] = transform(item) }
        return slots.map { $0! }
    }

    /// Calls `body` for every item of `0..<count` on up to `threads` workers that pull items from a
    /// shared counter. `body` may capture non-Sendable state: callers guarantee that items touch
    /// disjoint memory and only read what is shared.
    static func run(count: Int, threads: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for item in 0..<count { body(item) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if item >= count { return }
                    box.value(item)
                }
            }
        }
    }
}

/// Carries a non-Sendable value into `concurrentPerform` workers. Used only where every worker
/// writes disjoint memory (per-chunk slots) and reads shared immutable data.
public struct UncheckedBox<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// A buffer shared by parallel workers that write disjoint index ranges (one per chunk).
public struct SharedBuffer<T>: @unchecked Sendable {
    public let pointer: UnsafeMutableBufferPointer<T>
    public init(pointer: UnsafeMutableBufferPointer<T>) { self.pointer = pointer }
    public subscript(i: Int) -> T {
        get { pointer[i] }
        nonmutating set { pointer[i] = newValue }
    }
}
