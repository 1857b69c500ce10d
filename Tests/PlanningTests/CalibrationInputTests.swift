import Foundation
import Geo
import Radio
import Testing

@testable import Planning

@Suite("Calibration inputs: cell tables, drive-test samples, bins")
struct CalibrationInputTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static let cellsCSV = """
        cell_id,site_id,lon,lat,height_m,azimuth_deg,tilt_deg,frequency_mhz,profile
        A-1,A,113.300,23.120,30,0,6,3500,
        A-2,A,113.300,23.120,30,120,6,,n78-macro
        B-1,B,113.310,23.125,25,,,,
        S-1,S,113.305,23.118,9,,,,n78-small-cell
        """

    @Test("a cell table in CSV: optional azimuth (none: omni), tilt, frequency, profile")
    func cellsCSV() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.write(Self.cellsCSV, "cells.csv", in: folder)
        var diagnostics = Diagnostics()
        let cells = DriveTestCellReader.read(url: url, displayName: "cells.csv", crs: .wgs84, diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.problems)")
        #expect(cells.map(\.id) == ["A-1", "A-2", "B-1", "S-1"])
        #expect(cells[0].azimuthDegrees == 0 && cells[0].tiltDegrees == 6 && cells[0].frequencyMHz == 3_500)
        #expect(cells[2].azimuthDegrees == nil && cells[2].profileName == nil)
        #expect(cells[3].profileName == "n78-small-cell")
    }

    @Test("a cell table in GeoJSON, and in GCJ-02: converted to WGS-84")
    func cellsGeoJSON() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.write(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[113.3,23.12]},"properties":{"cell_id":17,"site_id":"X","height_m":28.5,"azimuth_deg":240}}]}"#,
            "cells.geojson", in: folder)
        var diagnostics = Diagnostics()
        let cells = DriveTestCellReader.read(
            url: url, displayName: "cells.geojson", crs: .gcj02, diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors)
        #expect(cells.first?.id == "17" && cells.first?.heightMeters == 28.5 && cells.first?.azimuthDegrees == 240)
        let wgs = try #require(cells.first?.location)
        #expect(abs(wgs.x - 113.3) > 0.004 && abs(wgs.x - 113.3) < 0.007) // GCJ-02 is ~0.005° east near Guangzhou
    }

    @Test(
        "every bad cell is an error naming its line and field",
        arguments: [
            (
                "A-1,A,113.3,23.12,30,0,6,,\nA-1,A,113.3,23.12,30,120,6,,",
                "line 3: field 'cell_id': expected each cell once, found 'A-1' again (first at line 2)"
            ),
            (
                "A-1,A,113.3,23.12,-5,0,6,,",
                "line 2: field 'height_m': expected an antenna height in (0, 500] m, found '-5'"
            ),
            ("A-1,,113.3,23.12,30,0,6,,", "line 2: field 'site_id': expected a value, found an empty cell"),
            ("A-1,A,23.12,113.3,30,0,6,,", "the lon and lat columns look swapped"),
            ("A-1,A,113.3,23.12,30,0,95,,", "field 'tilt_deg': expected a downtilt in -90...90 degrees, found '95'"),
        ])
    func badCells(rows: String, message: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.write(
            "cell_id,site_id,lon,lat,height_m,azimuth_deg,tilt_deg,frequency_mhz,profile\n" + rows, "cells.csv",
            in: folder)
        var diagnostics = Diagnostics()
        _ = DriveTestCellReader.read(url: url, displayName: "cells.csv", crs: .wgs84, diagnostics: &diagnostics)
        #expect(diagnostics.errors.contains { $0.description.contains(message) }, "\(diagnostics.errors)")
    }

    @Test("samples: each bad class is dropped and counted, the floor is censored, extra columns kept")
    func samples() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.write(
            """
            lon,lat,rsrp_dbm,cell_id,drive
            113.301,23.121,-95.5,A-1,morning
            113.301,23.121,-140,A-2,morning
            113.301,23.121,-151,A-1,morning
            113.301,23.121,nan,A-1,morning
            113.301,23.121,12,A-1,morning
            113.301,23.121,-90,Z-9,morning
            abc,23.121,-90,A-1,morning
            113.301,23.121,-90,S-1,morning
            113.301,23.121,-90,A-1
            """, "m.csv", in: folder)
        let cellIndex = ["A-1": 0, "A-2": 1, "S-1": 2]
        var diagnostics = Diagnostics()
        let read = try #require(
            DriveTestMeasurementReader.read(
                url: url, displayName: "m.csv", crs: .wgs84, cellIndex: cellIndex, calibrated: [true, true, false],
                floorDBm: -140, clutterColumn: nil, diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors)
        #expect(read.linesRead == 9)
        #expect(read.samples.map(\.line) == [2, 3, 4])
        #expect(read.samples.map(\.censored) == [false, true, true])
        #expect(read.samples.map(\.rsrpDBm) == [-95.5, -140, -140])
        #expect(read.samples[0].extras == ["morning"] && read.extraColumns == ["drive"])
        #expect(read.tally.belowFloor == 1)
        #expect(read.tally.count(.badRSRP) == 2)
        #expect(read.tally.count(.unknownCell) == 1)
        #expect(read.tally.count(.badPosition) == 1)
        #expect(read.tally.count(.otherProfile) == 1)
        #expect(read.tally.count(.wrongFieldCount) == 1)
        #expect(read.tally.examples[.unknownCell] == ["line 7 ('Z-9')"])
    }

    @Test("a measurements file without rsrp_dbm is an error naming the columns")
    func missingColumn() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.write("lon,lat,level,cell_id\n113.3,23.1,-90,A-1\n", "m.csv", in: folder)
        var diagnostics = Diagnostics()
        let read = DriveTestMeasurementReader.read(
            url: url, displayName: "m.csv", crs: .wgs84, cellIndex: ["A-1": 0], calibrated: [true], floorDBm: -140,
            clutterColumn: nil, diagnostics: &diagnostics)
        #expect(read == nil)
        #expect(
            diagnostics.errors.map(\.description).contains {
                $0.contains("field 'rsrp_dbm': expected a column named 'rsrp_dbm'") && $0.contains("'level'")
            })
    }

    @Test("bins: dB or linear means per cell and square, distance filters counted, censoring at a fixed bound")
    func bins() throws {
        let cell = DriveTestCell(
            id: "A", siteID: "A", location: Coordinate(x: 113.3, y: 23.12), heightMeters: 30, azimuthDegrees: nil,
            tiltDegrees: nil, frequencyMHz: nil, profileName: nil, source: "line 2")
        let projection = LocalProjection.centered(on: BoundingBox(minX: 113.29, minY: 23.11, maxX: 113.31, maxY: 23.13))
        func sample(_ east: Double, _ north: Double, _ rsrp: Double, line: Int) -> DriveTestSample {
            let origin = projection.project(cell.location)
            let location = projection.unproject(Coordinate(x: origin.x + east, y: origin.y + north))
            return DriveTestSample(
                location: location, rsrpDBm: rsrp, censored: rsrp <= -140, cellIndex: 0, line: line, clutter: nil,
                extras: [])
        }
        // Two samples 3 dB apart in one square of 20 m about 300 m east, one 10 m from the cell, one 30 km away.
        let origin = projection.project(cell.location)
        let x0 = (origin.x / 20).rounded(.down) * 20 + 300 - origin.x
        let samples = [
            sample(x0 + 2, 5, -100, line: 2), sample(x0 + 8, 5, -103, line: 3), sample(10, 0, -60, line: 4),
            sample(30_000, 0, -130, line: 5),
        ]
        let profile = try #require(RadioProfile.named("n78-macro"))
        let evaluators = DriveTestBinning.evaluators(cells: [cell], profile: profile)
        for (averaging, expected) in [
            (DriveTestBinning.Averaging.decibel, -101.5), (.linear, 10 * log10((pow(10, -10) + pow(10, -10.3)) / 2)),
        ] {
            var tally = SampleTally()
            let (bins, used) = DriveTestBinning.bin(
                samples: samples, cells: [cell], evaluators: evaluators, utHeightMeters: 1.5, projection: projection,
                binMeters: 20, averaging: averaging, minimumDistanceMeters: 50, maximumDistanceMeters: 20_000,
                tally: &tally)
            #expect(used == 2 && bins.count == 1)
            #expect(abs(bins[0].measuredDBm - expected) < 1e-9)
            #expect(tally.count(.tooNear) == 1 && tally.count(.tooFar) == 1)
            // Omni cell: the prediction is the boresight budget at the median (no margin).
            let d = bins[0].distance2DMeters
            #expect(abs(bins[0].predictedDBm - evaluators[0].boresightRSRPDBm(distance2DMeters: d)) < 0.05)
            var censored = bins
            DriveTestBinning.censor(&censored, boundDBm: -101)
            #expect(censored[0].censored == (expected <= -101))
        }
    }
}
