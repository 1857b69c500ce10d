/// The style sheet of `report.html`. The font stack renders Chinese on Windows (Microsoft YaHei),
/// macOS (PingFang SC, Hiragino Sans GB) and Linux (Noto Sans CJK SC, Source Han Sans SC,
/// WenQuanYi Micro Hei) with no web font to download.
enum ReportStyle {
    /// The font stack, shared with the map's canvas labels.
    static let fontStack =
        #"-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans", sans-serif"#

    static let css = #"""
        :root {
          --ink: #1b2430; --muted: #5b6675; --line: #dde2e8; --panel: #ffffff; --accent: #1f5fbf;
          --good: #1a7f37; --bad: #c62839; --head: #15263a; --map: #eef1ec;
          font-family: \#(fontStack);
        }
        * { box-sizing: border-box; }
        html, body { margin: 0; height: 100%; color: var(--ink); font-size: 13px; background: #f6f7f9; }
        #app { display: flex; flex-direction: column; height: 100%; }
        header { display: flex; align-items: center; gap: 16px; padding: 10px 18px; background: var(--head); color: #fff; }
        header .brand { font-weight: 700; letter-spacing: .04em; font-size: 12px; color: #9fc1ff; text-transform: uppercase; }
        header h1 { margin: 0; font-size: 17px; font-weight: 600; line-height: 1.25; }
        header .sub { color: #b8c4d3; font-size: 12px; margin-top: 2px; }
        header .titles { flex: 1; min-width: 0; }
        .badge { padding: 5px 12px; border-radius: 14px; font-weight: 700; font-size: 12px; white-space: nowrap; }
        .badge.pass { background: #d6f5df; color: #0f5a25; }
        .badge.fail { background: #ffd9dd; color: #8c1022; }
        #main { flex: 1; display: flex; min-height: 0; }
        #map-pane { position: relative; flex: 1; min-width: 0; background: var(--map); overflow: hidden; touch-action: none; }
        #map { position: absolute; inset: 0; width: 100%; height: 100%; cursor: grab; display: block; }
        #map.dragging { cursor: grabbing; }
        #map.pointing { cursor: pointer; }
        aside { width: 410px; max-width: 45vw; overflow-y: auto; background: var(--panel); border-left: 1px solid var(--line); }
        details { border-bottom: 1px solid var(--line); }
        details > summary { cursor: pointer; padding: 11px 16px; font-weight: 600; font-size: 13px; list-style: none; user-select: none; }
        details > summary::-webkit-details-marker { display: none; }
        details > summary::before { content: "▸"; display: inline-block; width: 14px; color: var(--muted); transition: transform .15s; }
        details[open] > summary::before { transform: rotate(90deg); }
        details > .body { padding: 0 16px 14px; }
        .group-title { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .05em; margin: 10px 0 6px; }
        .figures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 5px; }
        .figure { background: #f4f6f9; border-radius: 6px; padding: 6px 8px; min-width: 0; }
        .figure.wide { grid-column: span 2; }
        .figure .label { color: var(--muted); font-size: 10.5px; line-height: 1.3; }
        .figure .value { font-size: 14px; font-weight: 600; margin-top: 2px; overflow-wrap: anywhere; }
        .figure .value.good { color: var(--good); }
        .figure .value.bad { color: var(--bad); }
        .layer { margin: 6px 0; }
        .layer > label, .cls { display: flex; align-items: center; gap: 7px; cursor: pointer; padding: 2px 0; }
        .layer > label { font-weight: 600; }
        .cls { padding-left: 22px; color: #2c3744; }
        .count { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; font-weight: 400; }
        .swatch { width: 16px; height: 12px; border-radius: 2px; flex: none; border: 1px solid rgba(0,0,0,.25); }
        .swatch.shape { border: none; width: 16px; height: 14px; }
        .note { color: var(--muted); font-size: 11.5px; line-height: 1.45; margin: 6px 0; }
        table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
        th { position: sticky; top: 0; background: #eef1f5; text-align: left; font-weight: 600; padding: 5px 6px; color: #344150; }
        td { padding: 4px 6px; border-top: 1px solid #edf0f3; white-space: nowrap; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        tr.link { cursor: pointer; }
        tr.link:hover td, tr.link:focus td { background: #e8f0fd; outline: none; }
        tr.active td { background: #d9e6fb; }
        .phase-bar { display: flex; align-items: center; gap: 6px; margin: 4px 0 8px; }
        .phase-bar button { width: 28px; height: 26px; border: 1px solid #c6ccd4; background: #fff; border-radius: 5px; cursor: pointer; color: var(--ink); }
        .phase-bar button:disabled { opacity: .4; cursor: default; }
        .phase-bar input[type=range] { flex: 1; min-width: 60px; }
        .phase-name { font-weight: 700; white-space: nowrap; }
        .table-wrap { max-height: 340px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
        .controls { position: absolute; top: 12px; left: 12px; display: flex; flex-direction: column; gap: 4px; }
        .controls button { width: 32px; height: 32px; border: 1px solid #c6ccd4; background: #fff; border-radius: 6px; font-size: 17px; line-height: 1; cursor: pointer; color: var(--ink); box-shadow: 0 1px 3px rgba(0,0,0,.12); }
        .controls button:hover { background: #f0f4fa; }
        #north { position: absolute; top: 12px; right: 12px; width: 40px; height: 52px; pointer-events: none; }
        #scale { position: absolute; left: 12px; bottom: 12px; background: rgba(255,255,255,.85); padding: 3px 8px 4px; border-radius: 4px; font-size: 11px; pointer-events: none; }
        #scale .bar { height: 6px; border: 2px solid #1b2430; border-top: none; margin-top: 2px; }
        #coords:empty { display: none; }
        #coords { position: absolute; right: 12px; bottom: 12px; background: rgba(255,255,255,.85); padding: 3px 8px; border-radius: 4px; font-size: 11px; color: #2c3744; font-variant-numeric: tabular-nums; pointer-events: none; }
        #tooltip { position: absolute; pointer-events: none; background: rgba(21,38,58,.92); color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 12px; white-space: nowrap; display: none; z-index: 5; }
        #popup { position: absolute; z-index: 6; background: #fff; border-radius: 8px; box-shadow: 0 4px 18px rgba(0,0,0,.25); min-width: 230px; max-width: 340px; display: none; }
        #popup .head { display: flex; align-items: flex-start; gap: 8px; padding: 9px 12px 7px; border-bottom: 1px solid var(--line); }
        #popup .kind { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .05em; }
        #popup .title { font-weight: 600; font-size: 14px; overflow-wrap: anywhere; }
        #popup .close { margin-left: auto; border: none; background: none; font-size: 18px; cursor: pointer; color: var(--muted); line-height: 1; }
        #popup .props { max-height: 260px; overflow-y: auto; padding: 4px 12px 8px; }
        #popup td { border: none; padding: 2px 4px; vertical-align: top; white-space: normal; }
        #popup td.k { color: var(--muted); white-space: nowrap; padding-left: 0; }
        #popup td.v { overflow-wrap: anywhere; }
        #popup .foot { padding: 6px 12px 9px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11px; }
        #error { display: none; position: absolute; top: 12px; left: 56px; right: 64px; background: #ffd9dd; color: #8c1022; padding: 8px 12px; border-radius: 6px; z-index: 7; }
        .basemap input[type=text] { width: 100%; margin: 6px 0; padding: 5px 6px; border: 1px solid #c6ccd4; border-radius: 4px; font: inherit; font-size: 12px; }
        .basemap select { font: inherit; font-size: 12px; }
        #attribution { position: absolute; right: 12px; bottom: 36px; font-size: 10px; color: #444; background: rgba(255,255,255,.7); padding: 1px 5px; border-radius: 3px; display: none; pointer-events: none; }
        footer { padding: 12px 16px 18px; color: var(--muted); font-size: 11px; }
        @media (max-width: 900px) {
          #main { flex-direction: column; }
          #map-pane { flex: none; height: 62vh; }
          aside { width: 100%; max-width: none; border-left: none; }
        }
        @media print {
          .controls, #tooltip, .basemap { display: none; }
          #main { flex-direction: column; }
          #map-pane { flex: none; height: 60vh; }
          aside { width: 100%; max-width: none; overflow: visible; }
          .table-wrap { max-height: none; }
        }
        """#
}
