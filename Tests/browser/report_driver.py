#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol to check an nrplan report.html.

Standard library only (a minimal WebSocket client is below). It opens the page from file://,
waits until the page says it is drawn (window.nrplan.ready), records every console message,
uncaught exception, log entry, network request and dialog, runs the steps it is given (real mouse
clicks on map features and table rows), takes screenshots, and prints one JSON object on stdout.
It decides nothing: the Swift test (Tests/CLITests/ReportBrowserTests.swift) asserts.

usage: report_driver.py --chromium PATH --page report.html --shots DIR --steps JSON
steps: a JSON list of objects, each one of
  {"shot": "overview.png"}                          screenshot of the window
  {"click_feature": ["sites", 3]}                   click where feature 3 of layer "sites" is drawn
  {"click_row": ["districts", 0]}                   click row 0 of the table with id "districts"
  {"wheel": [x, y, deltaY]}                         a mouse wheel event at window position x, y
  {"click_selector": "#phase-next"}                 click the middle of the first element matching a CSS selector
an optional "shot" member on a click step takes a screenshot after it.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

WIDTH, HEIGHT = 1440, 900


class WebSocket:
    """RFC 6455 client: text frames out (masked), text frames in, enough for DevTools."""

    def __init__(self, url):
        parts = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.buffer = bytearray()
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            self.buffer += chunk
        end = self.buffer.index(b"\r\n\r\n")
        status = bytes(self.buffer[:end]).split(b"\r\n")[0]
        if b" 101 " not in status:
            raise ConnectionError(f"WebSocket handshake refused: {status!r}")
        del self.buffer[: end + 4]

    def send(self, text):
        data = text.encode()
        header = bytearray([0x81])
        if len(data) < 126:
            header.append(0x80 | len(data))
        elif len(data) < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(data))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(data))
        mask = os.urandom(4)
        header += mask
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(bytes(header) + payload)

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def recv(self):
        message = bytearray()
        while True:
            b0, b1 = self._read(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 8:
                raise ConnectionError("DevTools closed the WebSocket")
            if opcode in (9, 10):
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class DevTools:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, params=None):
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.on_event(message)

    def on_event(self, message):
        self.events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":
            self.ws.send(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog", "params": {"accept": False}}))

    def pump(self, seconds):
        """Reads events for `seconds` (a round trip keeps the loop simple)."""
        end = time.time() + seconds
        while time.time() < end:
            self.call("Runtime.evaluate", {"expression": "0"})
            time.sleep(0.05)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y, "button": "left" if kind != "mouseMoved" else "none"}
            if kind != "mouseMoved":
                params["clickCount"] = 1
            self.call("Input.dispatchMouseEvent", params)


def start_chromium(binary, profile):
    process = subprocess.Popen(
        [
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
            "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--remote-debugging-port=0", f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}", "about:blank",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        if "DevTools listening on " in line:
            url = line.strip().split("DevTools listening on ", 1)[1]
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
            return process, url
    process.kill()
    raise RuntimeError("chromium did not start its DevTools server")


def page_target(browser_url):
    port = urllib.parse.urlparse(browser_url).port
    for _ in range(50):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            targets = json.load(response)
        pages = [t for t in targets if t.get("type") == "page"]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise RuntimeError("no page target")


def wait_for(tools, expression, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if tools.evaluate(expression):
            return True
        time.sleep(0.05)
    return False


def run(args):
    steps = json.loads(args.steps)
    os.makedirs(args.shots, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="nrplan-chromium-")
    process, browser_url = start_chromium(args.chromium, profile)
    out = {"steps": []}
    try:
        tools = DevTools(WebSocket(page_target(browser_url)))
        for domain in ("Runtime", "Log", "Page", "Network"):
            tools.call(f"{domain}.enable")
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        url = "file://" + urllib.parse.quote(os.path.abspath(args.page))
        start = time.time()
        tools.call("Page.navigate", {"url": url})
        out["ready"] = wait_for(tools, "!!(window.nrplan && window.nrplan.ready)", args.timeout)
        out["load_ms"] = round((time.time() - start) * 1000)
        out["dom_ms"] = tools.evaluate(
            "(() => { const t = performance.getEntriesByType('navigation')[0];"
            " return t ? Math.round(t.domContentLoadedEventEnd) : null; })()"
        )
        tools.pump(0.3)
        if out["ready"]:
            out["stats"] = tools.evaluate("nrplan.stats()")
        for step in steps:
            record = {"step": step}
            if "click_feature" in step:
                layer, index = step["click_feature"]
                point = tools.evaluate(f"nrplan.screenPoint({json.dumps(layer)}, {int(index)})")
                tools.click(point["x"], point["y"])
                record["point"] = point
            if "click_row" in step:
                table, index = step["click_row"]
                selector = f"#table-{table} tbody tr:nth-child({int(index) + 1})"
                rect = tools.evaluate(
                    f"(() => {{ const r = document.querySelector({json.dumps(selector)});"
                    " if (!r) return null; r.scrollIntoView({block: 'center'});"
                    " const b = r.getBoundingClientRect(); return {x: b.left + 20, y: b.top + b.height / 2}; })()"
                )
                if rect:
                    tools.click(rect["x"], rect["y"])
                record["row"] = rect
            if "click_selector" in step:
                rect = tools.evaluate(
                    f"(() => {{ const e = document.querySelector({json.dumps(step['click_selector'])});"
                    " if (!e) return null; e.scrollIntoView({block: 'center'});"
                    " const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; })()"
                )
                if rect:
                    tools.click(rect["x"], rect["y"])
                record["element"] = rect
            if "wheel" in step:
                x, y, delta = step["wheel"]
                tools.call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": delta})
            tools.pump(0.4)
            record["popup"] = tools.evaluate(
                "(() => { const p = document.getElementById('popup');"
                " return p.style.display === 'block' ? p.innerText : null; })()"
            )
            record["view"] = tools.evaluate("nrplan.view()")
            record["stats"] = tools.evaluate("nrplan.stats()")
            record["phase"] = tools.evaluate("nrplan.phase()")
            if "shot" in step:
                path = os.path.join(args.shots, step["shot"])
                tools.screenshot(path)
                record["shot"] = path
            out["steps"].append(record)
        tools.pump(0.2)
        events = tools.events
        out["console"] = [
            {"type": e["params"]["type"], "text": " ".join(str(a.get("value", a.get("description", ""))) for a in e["params"]["args"])}
            for e in events if e.get("method") == "Runtime.consoleAPICalled"
        ]
        out["exceptions"] = [
            e["params"]["exceptionDetails"].get("exception", {}).get("description") or e["params"]["exceptionDetails"].get("text")
            for e in events if e.get("method") == "Runtime.exceptionThrown"
        ]
        out["log"] = [
            {"level": e["params"]["entry"]["level"], "text": e["params"]["entry"]["text"]}
            for e in events if e.get("method") == "Log.entryAdded"
        ]
        out["requests"] = [
            e["params"]["request"]["url"][:200] for e in events if e.get("method") == "Network.requestWillBeSent"
        ]
        out["dialogs"] = [e["params"]["message"] for e in events if e.get("method") == "Page.javascriptDialogOpening"]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--page", required=True)
    parser.add_argument("--shots", required=True)
    parser.add_argument("--steps", default="[]")
    parser.add_argument("--timeout", type=float, default=60)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
