import Foundation
import Testing

@testable import Geo
@testable import Planning

/// Diagnostics at scale: thousands of problems of one kind read as three examples and one line for
/// the rest (issue 14: a file of 15,620 features without `id` printed 15,620 identical lines).
@Suite("Problems grouped by kind")
struct ProblemGroupTests {
    @Test("15,620 missing ids: three lines, then '… and 15,617 more like this (features 3–15619)'")
    func missingIDs() {
        let problems = (0..<15_620).map {
            Problem(
                .error, file: "cells.geojson", location: "feature \($0)", field: "id",
                expected: "a site id (property 'id' or the feature's id)", found: "nothing")
        }
        let lines = Problem.lines(problems)
        #expect(lines.count == 4)
        #expect(
            lines[0]
                == "error: cells.geojson: feature 0: field 'id': expected a site id (property 'id' or the feature's id), found nothing"
        )
        #expect(lines[3] == "error: cells.geojson: field 'id': … and 15,617 more like this (features 3–15619)")
        #expect(Problem.lines(problems, limit: nil).count == 15_620)
    }

    @Test("kinds: same file, field and expectation whatever was found; numbers and quoted values blanked in messages")
    func kinds() {
        var problems: [Problem] = []
        for k in 0..<10 {
            problems.append(
                Problem(
                    .error, file: "a.csv", location: "line \(k + 2)", field: "height_m",
                    expected: "a height in metres above 0 (and at most 1000)", found: "\(-k)"))
            problems.append(
                Problem(
                    .warning, file: "area.geojson", location: "feature \(k)", field: "geometry",
                    message: "invalid polygon (Self-intersection[113.\(k)1 23.\(k)2]); repaired with GEOS MakeValid"))
        }
        problems.append(
            Problem(
                .error, file: "b.csv", location: "line 9", field: "height_m",
                expected: "a height in metres above 0 (and at most 1000)", found: "-1"))
        let groups = Problem.groups(problems)
        #expect(groups.map(\.count) == [10, 10, 1])
        #expect(groups.map(\.first.file) == ["a.csv", "area.geojson", "b.csv"])
        #expect(groups[0].moreLine(limit: 3) == "a.csv: field 'height_m': … and 7 more like this (lines 5–11)")
        #expect(groups[1].moreLine(limit: 3) == "area.geojson: field 'geometry': … and 7 more like this (features 3–9)")
        #expect(groups[2].moreLine(limit: 3) == nil)
        #expect(Problem.lines(problems).count == 3 + 1 + 3 + 1 + 1)
        // Mixed locations give no range.
        #expect(
            ProblemGroup.locationRange([
                Problem(.error, file: "x", location: "line 2"), Problem(.error, file: "x", location: "feature 3"),
            ]) == nil)
        #expect(ProblemGroup.locationRange([Problem(.error, file: "x", location: "line 7, column 3")]) == "line 7")
    }

    @Test("PlanningError lists at most three of each kind of error")
    func planningErrorCapped() {
        let problems =
            (0..<500).map {
                Problem(
                    .error, file: "s.geojson", location: "feature \($0)", field: "geometry.type", expected: "Point",
                    found: "Polygon")
            } + [Problem(.warning, file: "s.geojson", message: "ignored")]
        let text = PlanningError.invalidInput(problems).description
        #expect(text.split(separator: "\n").count == 4)
        #expect(text.hasSuffix("error: s.geojson: field 'geometry.type': … and 497 more like this (features 3–499)"))
    }
}
