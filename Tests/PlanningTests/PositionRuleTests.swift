import Geo
import Testing

@testable import Planning
@testable import Support

@Suite("Site positions")
struct PositionRuleTests {
    @Test("the coverage computation places sites where the written plan puts them (so an audit recomputes the same)")
    func positionsMatchTheWrittenPlan() {
        // Two rules, one value on purpose: if the output precision changes, this one must be revisited.
        #expect(SitePlacement.positionPrecision == Precision.degrees)
        let location = Coordinate(x: 113.123456789, y: 23.00000005)
        let snapped = SitePlacement.snap(location)
        #expect(snapped == Coordinate(x: 113.1234568, y: 23.0000001))
        #expect(Precision.degrees.text(location.x) == Precision.degrees.text(snapped.x))
        #expect(Precision.degrees.text(location.y) == Precision.degrees.text(snapped.y))
        #expect(SitePlacement.snap(snapped) == snapped)
    }
}
