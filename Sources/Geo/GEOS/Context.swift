import CGEOS
/// placeholder
public func geosVersion() -> String { String(cString: GEOSversion()) }
