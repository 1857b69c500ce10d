/// A binary min-heap of `(key, id)` pairs ordered by key, then id (so ties break the same way
/// on every run). Flat storage, no per-entry objects.
///
/// - Complexity: `push`/`pop` O(log n); `init(keys:ids:)` heapifies in O(n).
struct PriorityHeap {
    private(set) var keys: [Double] = []
    private(set) var ids: [Int32] = []

    init() {}

    /// Builds a heap from parallel arrays in O(n).
    init(keys: [Double], ids: [Int32]) {
        self.keys = keys
        self.ids = ids
        if keys.count > 1 {
            for i in stride(from: keys.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    /// Smallest entry.
    var top: (key: Double, id: Int)? { keys.isEmpty ? nil : (keys[0], Int(ids[0])) }

    mutating func push(_ key: Double, _ id: Int) {
        keys.append(key)
        ids.append(Int32(truncatingIfNeeded: id))
        siftUp(keys.count - 1)
    }

    @discardableResult
    mutating func pop() -> (key: Double, id: Int)? {
        guard !keys.isEmpty else { return nil }
        let result = (keys[0], Int(ids[0]))
        let lastKey = keys.removeLast()
        let lastId = ids.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            ids[0] = lastId
            siftDown(0)
        }
        return result
    }

    /// Replaces the top entry's key (the lazy re-evaluation step of CELF) and restores order.
    mutating func replaceTop(_ key: Double) {
        keys[0] = key
        siftDown(0)
    }

    @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && ids[a] < ids[b])
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            keys.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        // On the buffers directly: one uniqueness check per call instead of one per swap.
        keys.withUnsafeMutableBufferPointer { keys in
            ids.withUnsafeMutableBufferPointer { ids in
                var parent = start
                let n = keys.count
                while true {
                    let left = 2 * parent + 1
                    guard left < n else { break }
                    var best = left
                    let right = left + 1
                    if right < n && (keys[right] < keys[left] || (keys[right] == keys[left] && ids[right] < ids[left]))
                    {
                        best = right
                    }
                    guard keys[best] < keys[parent] || (keys[best] == keys[parent] && ids[best] < ids[parent])
                    else { break }
                    keys.swapAt(best, parent)
                    ids.swapAt(best, parent)
                    parent = best
                }
            }
        }
    }
}
