import Foundation
import Geo
import Radio

extension ScenarioLoader {
    /// `candidates`: site catalogues (GeoJSON points or CSV), one file or several; required unless
    /// a `service.lattice` stands in for them.
    static func loadCandidates(
        _ fields: JSONFields, service: ServiceSettings?, radio: RadioSettings?, files: LoadContext,
        _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> [ScenarioChecks.SiteFile] {
        // A lattice may stand in for candidates (also when the service section has other errors).
        let latticeOnly = service?.lattice != nil || fields.value["service"]?["lattice"].map { $0 != .null } == true
        var siteFiles: [ScenarioChecks.SiteFile] = []
        for ref in fileReferences(
            fields, "candidates", required: !latticeOnly && files.purpose == .solve, defaultCRS: files.defaultCRS,
            folder: files.folder,
            extraKeys: ["use_centroids"], &diagnostics)
        {
            guard let options = siteOptions(ref, existing: false, fields: fields, radio: radio, &diagnostics)
            else { continue }
            let sites = files.readSites(ref, options: options, &diagnostics, &inputs)
            siteFiles.append(ScenarioChecks.SiteFile(file: ref.displayName, isCSV: ref.isCSV, sites: sites))
        }
        return siteFiles
    }

    /// `existing` (optional): built sites, GeoJSON points or CSV; an entry's `covers` says whether
    /// they serve demand in a service-radius job.
    static func loadExisting(
        _ fields: JSONFields, service: ServiceSettings?, radio: RadioSettings?, files: LoadContext,
        _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> [ScenarioChecks.SiteFile] {
        var siteFiles: [ScenarioChecks.SiteFile] = []
        for ref in fileReferences(
            fields, "existing", required: false, defaultCRS: files.defaultCRS, folder: files.folder,
            extraKeys: ["covers", "use_centroids"],
            &diagnostics)
        {
            guard let options = siteOptions(ref, existing: true, fields: fields, radio: radio, &diagnostics)
            else { continue }
            var sites = files.readSites(ref, options: options, &diagnostics, &inputs)
            if let covers = existingCovers(ref, fields: fields, service: service, &diagnostics) {
                for k in sites.indices { sites[k].coversDemand = covers }
            }
            siteFiles.append(ScenarioChecks.SiteFile(file: ref.displayName, isCSV: ref.isCSV, sites: sites))
        }
        return siteFiles
    }

    /// How the sites of one file are read: `type` only in service-radius jobs (also when the
    /// service section has errors), polygon centroids when the entry says `"use_centroids": true`.
    /// Nil (an error reported) when `use_centroids` is not a boolean: the file is then not read, since
    /// how to read its polygons is unknown and every feature would repeat the same complaint.
    static func siteOptions(
        _ ref: FileReference, existing: Bool, fields: JSONFields, radio: RadioSettings?,
        _ diagnostics: inout Diagnostics
    ) -> SiteReader.Options? {
        var options = SiteReader.Options(existing: existing, radio: radio)
        options.readsServiceType = fields.has("service")
        if let value = ref.options?.value["use_centroids"], value != .null {
            if let flag = value.boolValue {
                options.useCentroids = flag
            } else {
                diagnostics.error(
                    fields.file, nil, field: "\(ref.field).use_centroids", expected: "true or false",
                    found: describe(value))
                return nil
            }
        }
        options.centroidHint =
            "to site on the centroids of polygons such as building footprints, name the file in \(fields.file) as "
            + "{\"file\": \"\(ref.path)\", \"use_centroids\": true}"
        return options
    }

    /// The `covers` member of an existing-sites entry: true or false in a service-radius job; nil
    /// when absent, invalid (an error) or without a service section (a warning: built sites then
    /// serve by their radio profile).
    static func existingCovers(
        _ ref: FileReference, fields: JSONFields, service: ServiceSettings?, _ diagnostics: inout Diagnostics
    ) -> Bool? {
        guard let value = ref.options?.value["covers"], value != .null else { return nil }
        guard let covers = value.boolValue else {
            diagnostics.error(
                fields.file, nil, field: "\(ref.field).covers", expected: "true or false", found: describe(value))
            return nil
        }
        if service == nil && !covers {
            diagnostics.warning(
                fields.file, nil, field: "\(ref.field).covers",
                message: "ignored without a service section: built sites serve by their radio profile")
            return nil
        }
        return covers
    }

    /// Checks across every site file: unique ids, `type` against the service types, and (radio
    /// jobs) `profile` against the radio profiles.
    static func checkSites(
        _ siteFiles: [ScenarioChecks.SiteFile], fields: JSONFields, service: ServiceSettings?, radio: RadioSettings?,
        threads: Int = 1, _ diagnostics: inout Diagnostics
    ) {
        let sites = siteFiles.flatMap(\.sites)
        SiteReader.checkUniqueIds(sites, threads: threads, &diagnostics)
        if let service {
            checkSiteTypes(sites, names: service.types.map(\.name), &diagnostics)
        } else if case .array(let types)? = fields.value["service"]?["types"] {
            // The service section has errors: still check site types against the names it gives.
            checkSiteTypes(sites, names: types.compactMap { $0["name"]?.stringValue }, &diagnostics)
        }
        if let radio, service == nil {
            for site in sites where radio.profiles[site.profileName] == nil {
                diagnostics.error(
                    site.sourceFile, site.sourceLocation, field: "profile",
                    expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                    found: "'\(site.profileName)'")
            }
        }
    }

    /// Checks the `type` of candidates and existing sites against the service types.
    static func checkSiteTypes(_ sites: [Site], names: [String], _ diagnostics: inout Diagnostics) {
        for site in sites {
            if let type = site.serviceType, !names.contains(type) {
                diagnostics.error(
                    site.sourceFile, site.sourceLocation, field: "type",
                    expected: "one of the service types (\(names.joined(separator: ", ")))", found: "'\(type)'")
            }
        }
    }
}
