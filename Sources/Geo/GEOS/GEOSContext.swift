import CGEOS

/// One GEOS reentrant context (`GEOSContextHandle_t`): create one per thread of work.
///
/// A context and every geometry made with it must stay on one thread at a time. Inside
/// `DispatchQueue.concurrentPerform`, make a context in each iteration (or chunk); never share a
/// context, a prepared geometry or an STRtree between iterations. This type is deliberately not
/// `Sendable`, so the compiler enforces that.
///
/// GEOS reports errors through a message handler; this class installs one that records the last
/// message, and every wrapper turns a C failure value into a thrown `GeoError.geos` carrying it.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// The last error message GEOS reported on this context.
    var lastError: String?
    /// Notices GEOS reported (e.g. the reason a geometry is invalid), oldest first.
    private(set) var notices: [String] = []

    /// Makes a new context with nrplan's error handlers.
    public init() {
        // GEOS_init_r returns NULL only when malloc fails.
        guard let handle = GEOS_init_r() else {
            preconditionFailure("GEOS_init_r failed: out of memory")
        }
        self.handle = handle
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userdata in
                guard let userdata else { return }
                let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
                context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
            }, userdata)
        GEOSContext_setNoticeMessageHandler_r(
            handle,
            { message, userdata in
                guard let userdata, let message else { return }
                let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
                if context.notices.count < 100 { context.notices.append(String(cString: message)) }
            }, userdata)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The error for a failed call: GEOS's own message when it gave one.
    func error(_ operation: String) -> GeoError {
        let message = lastError ?? "GEOS returned an error without a message"
        lastError = nil
        return .geos(operation: operation, message: message)
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    public static var libraryVersion: String {
        String(cString: GEOSversion())
    }
}
