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
