#if canImport(Glibc)
    import Glibc
#endif

/// The process heap, seen from the operating system.
public enum HeapMemory {
    /// Gives the pages of freed heap blocks back to the operating system (glibc's `malloc_trim`;
    /// nothing elsewhere).
    ///
    /// glibc keeps small and mid-sized blocks (below its mmap threshold, which rises to 32 MB as
    /// large blocks are freed) in its arenas after `free`, and a later large array is mapped afresh
    /// instead of reusing them: at city scale the coverage builder's per-block columns (over
    /// a gigabyte) stayed resident through the solve stage that way, beside the solver's transpose.
    /// Call it after freeing a lot, between stages; it costs a walk over the arenas
    /// (milliseconds), never changes a result.
    public static func releaseFreePages() {
        _ = trim?(0)
    }

    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not export
    /// `<malloc.h>`, and another C library may not have it (nil there).
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()
}

extension HeapMemory {
    /// Large buffers (from this many bytes) are worth backing with huge pages.
    public static let hugePageMinimumBytes = 4 << 20

    /// Asks the kernel to back the 2 MiB-aligned part of a large buffer that is about to be
    /// written for the first time with transparent huge pages (`madvise(MADV_HUGEPAGE)`; Linux with
    /// THP in `madvise` or `always` mode; nothing elsewhere or below `hugePageMinimumBytes`).
    ///
    /// Each 4 KiB page of fresh memory costs a page fault when first written: for the 40–80 MB of a
    /// city catalogue's bytes and sites that was the largest kernel cost of a load (a 40 MB buffer
    /// took 35 ms to touch on 4 KiB pages, 7 ms on 2 MiB ones, on the issue-15 machine). Pages
    /// already touched keep their size; the advice never changes what is stored.
    public static func adviseHugePages(_ start: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
            guard let start, bytes >= hugePageMinimumBytes else { return }
            let huge = UInt(2 << 20)
            let first = (UInt(bitPattern: start) + huge - 1) & ~(huge - 1)
            let end = (UInt(bitPattern: start) + UInt(bytes)) & ~(huge - 1)
            guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
            // 0, or -1 with errno (EINVAL on a kernel without THP): advice only, ignored either way
            _ = madvise(aligned, Int(end - first), MADV_HUGEPAGE)
        #endif
    }
}

extension Array {
    /// An empty array with room for `capacity` elements whose storage, when large, is backed by
    /// huge pages (`HeapMemory.adviseHugePages`): for results of hundreds of thousands of values
    /// written once (a catalogue's sites, a layer's features).
    @inlinable
    public init(hugePageCapacity capacity: Int) {
        self.init(unsafeUninitializedCapacity: capacity) { buffer, count in
            HeapMemory.adviseHugePages(
                UnsafeMutableRawPointer(buffer.baseAddress), bytes: buffer.count * MemoryLayout<Element>.stride)
            count = 0
        }
    }
}
