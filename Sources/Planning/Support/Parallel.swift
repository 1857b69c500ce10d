import Dispatch
import Synchronization

/// Runs work items on `DispatchQueue.concurrentPerform` with at most `threads` workers pulling
/// items from a shared counter (dynamic load balancing). Each item writes only its own result
/// slot, and results are read back in item order, so the outcome does not depend on the thread
/// count or on scheduling.
public enum Parallel {
    /// Calls `body(item)` once for every item in `0..<count`, on up to `threads` threads.
    public static func forEach(count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for item in 0..<count { body(item) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if item >= count { return }
                body(item)
            }
        }
    }

    /// `(0..<count).map(transform)` computed on up to `threads` threads; results in item order.
    public static func map<T: Sendable>(count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        nonisolated(unsafe) let output = slots
        forEach(count: count, threads: threads) { item in output[item] = transform(item) }
        return slots.map { $0! }
    }

    /// Like `map`, for transforms that throw: the error of the lowest failing item is rethrown.
    public static func map<T: Sendable, E: Error>(count: Int, threads: Int, _ transform: @Sendable (Int) throws(E) -> T)
        throws(E) -> [T]
    {
        let results: [Result<T, E>] = map(count: count, threads: threads) { item in
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

    /// Splits `0..<count` into about `parts` contiguous ranges (fixed by count and parts only).
    public static func chunks(count: Int, parts: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let n = max(1, min(parts, count))
        return (0..<n).map { k in (count * k / n)..<(count * (k + 1) / n) }
    }
}
