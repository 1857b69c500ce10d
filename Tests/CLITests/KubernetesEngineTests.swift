import Foundation
import Testing

/// Issue 16 (engines): scripts/k8s/run.sh against a fake kubectl that plays a small Job controller — on
/// `apply` it runs the rendered container command once per completion index with JOB_COMPLETION_INDEX set
/// (Indexed Jobs) and `/mnt/nrplan` mapped to a local folder standing for the ReadWriteMany volume, records the
/// Job Complete or Failed with its failed indexes; `wait --for=condition=C` returns at once when the Job
/// has C and otherwise blocks (as the real one does until its timeout). No cluster is needed.
@Suite("Kubernetes engine (fake kubectl)")
struct KubernetesEngineTests {
    static let fakeKubectl = #"""
        #!/bin/bash
        # fake kubectl: FAKE_STATE (folder of Job states and applied YAML), FAKE_VOLUME (/mnt/nrplan), FAKE_IMAGE_NRPLAN.
        set -u
        echo "$*" >>"$FAKE_STATE/calls"
        args=" $* "
        case $args in
        *" apply -f - "*)
            yaml=$(cat)
            n=$(ls "$FAKE_STATE" | grep -c '^applied-' || true)
            printf '%s\n' "$yaml" >"$FAKE_STATE/applied-$n.yaml"
            name=$(printf '%s\n' "$yaml" | sed -n 's/^  name: //p' | head -1)
            completions=$(printf '%s\n' "$yaml" | sed -n 's/^  completions: //p')
            indexed=$(printf '%s\n' "$yaml" | grep -c 'completionMode: Indexed' || true)
            line=$(printf '%s\n' "$yaml" | grep -m1 'command: \[')
            line=${line#*[}
            line=${line%]*}
            IFS=, read -ra parts <<<"$line"
            command=()
            for part in "${parts[@]}"; do
                part=${part# }
                part=${part//\"/}
                case $part in /mnt/nrplan/*) part=$FAKE_VOLUME/${part#/mnt/nrplan/} ;; esac
                command+=("$part")
            done
            [ "${command[0]}" = nrplan ] && command[0]=$FAKE_IMAGE_NRPLAN
            failed=""
            for ((i = 0; i < ${completions:-1}; i++)); do
                if [ "$indexed" = 1 ]; then
                    JOB_COMPLETION_INDEX=$i "${command[@]}" >>"$FAKE_STATE/pods.log" 2>&1 || failed="$failed,$i"
                else
                    "${command[@]}" >>"$FAKE_STATE/pods.log" 2>&1 || failed="$failed,$i"
                fi
            done
            if [ -z "$failed" ]; then echo complete >"$FAKE_STATE/job-$name"; else echo failed >"$FAKE_STATE/job-$name"; fi
            echo "${failed#,}" >"$FAKE_STATE/failed-$name"
            echo "job.batch/$name created"
            ;;
        *" wait "*)
            name=${args#* job/}
            name=${name%% *}
            want=complete
            [[ $args == *condition=failed* ]] && want=failed
            [ "$(cat "$FAKE_STATE/job-$name" 2>/dev/null)" = "$want" ] && exit 0
            exec sleep 60
            ;;
        *" get "*)
            name=${args#* job/}
            name=${name%% *}
            printf '%s' "$(cat "$FAKE_STATE/failed-$name")"
            ;;
        *) echo "fake kubectl: unexpected call: $*" >&2; exit 1 ;;
        esac
        """#

    /// A volume folder holding `run/manifest.json` (and the stub), a state folder and the fake kubectl.
    static func setUp(_ label: String) throws -> (root: URL, volume: URL, state: URL, env: [String: String]) {
        let root = try CLI.temporaryFolder(label)
        let volume = root.appendingPathComponent("volume")
        let state = root.appendingPathComponent("state")
        for folder in [volume.appendingPathComponent("run"), state] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let kubectl = try CLI.write(fakeKubectl, "kubectl", in: root)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: kubectl.path)
        let (stub, _) = try StubNRPlan.install(tiles: 4, in: volume.appendingPathComponent("run"))
        return (
            root, volume, state,
            [
                "KUBECTL": kubectl.path, "FAKE_STATE": state.path, "FAKE_VOLUME": volume.path,
                "FAKE_IMAGE_NRPLAN": stub.path,
            ]
        )
    }

    static var runScript: URL { CLI.repositoryRoot.appendingPathComponent("scripts/k8s/run.sh") }

    @Test("Indexed Job: pod k solves tile k from JOB_COMPLETION_INDEX on the shared volume; the merge Job after it")
    func indexedJobThenMerge() throws {
        let (root, volume, state, env) = try Self.setUp("k8s")
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = volume.appendingPathComponent("run/manifest.json")
        let run = try CLI.run(
            ["--image", "registry.example/nrplan:1", "--cpus", "3", manifest.path], executable: Self.runScript,
            environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        let work = volume.appendingPathComponent("run")
        let runs = StubNRPlan.runs(in: work)
        #expect(runs.mapValues { $0.map(\.source) } == (0..<4).reduce(into: [:]) { $0[$1] = ["JOB_COMPLETION_INDEX"] })
        #expect(runs.values.allSatisfy { $0.first?.threads == "3" })
        #expect(StubNRPlan.merge(in: work)?.tiles == [0, 1, 2, 3], "merge: \(run.stderr)")
        let calls = try String(contentsOf: state.appendingPathComponent("calls"), encoding: .utf8)
        let order = calls.split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(order.first == "apply -f" && order.filter { $0 == "apply -f" }.count == 2, "\(calls)")
        let tiles = try String(contentsOf: state.appendingPathComponent("applied-0.yaml"), encoding: .utf8)
        for needle in [
            "completionMode: Indexed", "completions: 4", "backoffLimitPerIndex: 1",
            "image: \"registry.example/nrplan:1\"",
            "\"/mnt/nrplan/run/manifest.json\"", "claimName: nrplan-work",
        ] {
            #expect(tiles.contains(needle), "tiles Job lacks \(needle)")
        }
        #expect(!tiles.contains("${"), "unrendered placeholder in the tiles Job")
    }

    @Test("A failed tile: the Job fails, its index is printed, the merge Job is never applied")
    func failedTile() throws {
        let (root, volume, state, env) = try Self.setUp("k8s-fail")
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("3\n", "fail", in: volume.appendingPathComponent("run"))
        let run = try CLI.run(
            ["--image", "img", volume.appendingPathComponent("run/manifest.json").path], executable: Self.runScript,
            environment: env)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("failed tile(s): 3; no merge"), "\(run.stderr)")
        let applied = try FileManager.default.contentsOfDirectory(atPath: state.path).filter {
            $0.hasPrefix("applied-")
        }
        #expect(applied == ["applied-0.yaml"], "applied: \(applied)")
        #expect(StubNRPlan.merge(in: volume.appendingPathComponent("run")) == nil)
    }

    @Test("--render-volume: a ReadWriteMany claim; --render without --image is refused with exit 2")
    func rendering() throws {
        let volume = try CLI.run(
            ["--render-volume", "--storage-class", "nfs-client", "--storage", "200Gi"], executable: Self.runScript)
        #expect(volume.status == 0, "\(volume.stderr)")
        #expect(volume.stdout.contains(#"accessModes: ["ReadWriteMany"]"#) && volume.stdout.contains("nfs-client"))
        #expect(volume.stdout.contains(#"storage: "200Gi""#) && !volume.stdout.contains("${"))
        let refused = try CLI.run(["--render", "manifest.json"], executable: Self.runScript)
        #expect(refused.status == 2 && refused.stderr.contains("--image is required"), "\(refused.stderr)")
    }
}
