#!/usr/bin/env python3
"""Reports every Swift function longer than 80 lines (run by `make lint`).

A function is a `func`, `init`, `deinit` or `subscript` with a body; its length runs from the line of
its declaration (doc comments and attributes above it not counted) to the line of its closing brace.
One over the limit fails the check unless the comment and attribute lines directly above its
declaration hold a marker saying why it is not split:

    // Long because: one pass over the matrix with its buffers pinned; split, it loses 8 % (docs/solver.md).
    func evaluate(...) {

A marker on a function within the limit also fails (it no longer says anything true). Every function
over the limit is listed, marked or not, so the long ones stay visible.

Functions that other work in flight is rewriting are allow-listed below (ALLOWED) instead of
marked, so that their files are not touched here; an entry whose function is back within the limit
(or gone) is reported as stale, to be removed.

    scripts/check-function-length.py [--limit N] [PATH ...]    (default: Sources Tests Benchmarks Fuzz)
"""
import os
import re
import sys

MARKER = "// Long because:"

# (path, function) → why it stays long for now. Keep this list short and each note true.
ALLOWED = {
    ("Sources/Radio/RadioProfile+Overrides.swift", "func validate"):
        "one range check per profile field; Sources/Radio is being rewritten with the coverage kernel in another branch",
    ("Benchmarks/NRPlanBench/DriveTest/GenerateDriveTestCommand.swift", "func generate"):
        "landed with issue 19 (calibration) while issue 12 was merged; to be split by its owner",
}
DECLARATION = re.compile(r"(?<![\w.])(func\s+[^\s(<]+|init[?!]?\s*[(<]|deinit\b|subscript\s*[(<])")


def code_only(text):
    """The text line by line with comments and string literals (interpolations included) removed."""
    lines, current, i, n = [], [], 0, len(text)
    stack = [["code", 0]]  # contexts: code (paren depth), str (hashes, delimiter), line/block comment, regex
    while i < n:
        c, top = text[i], stack[-1]
        if c == "\n":
            lines.append("".join(current))
            current = []
            if top[0] == "line":
                stack.pop()
            i += 1
            continue
        kind = top[0]
        if kind == "line":
            i += 1
        elif kind == "block":
            if text.startswith("*/", i):
                stack.pop()
                i += 2
            elif text.startswith("/*", i):
                stack.append(["block"])
                i += 2
            else:
                i += 1
        elif kind == "regex":
            if text.startswith("/" + "#" * top[1], i):
                stack.pop()
                i += 1 + top[1]
            else:
                i += 1
        elif kind == "str":
            hashes, delimiter = top[1], top[2]
            if c == "\\" and text.startswith("#" * hashes + "(", i + 1):
                stack.append(["code", 0])
                i += 2 + hashes
            elif c == "\\" and hashes == 0:
                i += 2
            elif text.startswith(delimiter + "#" * hashes, i):
                stack.pop()
                i += len(delimiter) + hashes
            else:
                i += 1
        else:  # code
            if text.startswith("//", i):
                stack.append(["line"])
                i += 2
                continue
            if text.startswith("/*", i):
                stack.append(["block"])
                i += 2
                continue
            regex = re.match(r"(#+)/", text[i:])
            if regex:
                stack.append(["regex", len(regex.group(1))])
                i += regex.end()
                continue
            string = re.match(r'(#*)("""|")', text[i:])
            if string and c in '"#':
                stack.append(["str", len(string.group(1)), string.group(2)])
                current.append('""')
                i += string.end()
                continue
            if c == "(":
                top[1] += 1
            elif c == ")":
                if top[1] == 0 and len(stack) > 1:  # the end of an interpolation
                    stack.pop()
                    i += 1
                    continue
                top[1] -= 1
            current.append(c)
            i += 1
    lines.append("".join(current))
    return lines


def body_start(lines, row, column):
    """The (row, column) of the `{` opening the body of the declaration at (row, column), or None."""
    depth = 0
    while row < len(lines):
        line = lines[row]
        while column < len(line):
            c = line[column]
            if c in "([":
                depth += 1
            elif c in ")]":
                depth -= 1
            elif c == "{" and depth == 0:
                return row, column
            elif c == "}" and depth == 0:
                return None  # a requirement without a body, closing its protocol
            column += 1
        row, column = row + 1, 0
        if row < len(lines) and depth == 0 and DECLARATION.search(lines[row]):
            return None
    return None


def body_end(lines, row, column):
    depth = 0
    while row < len(lines):
        line = lines[row]
        while column < len(line):
            if line[column] == "{":
                depth += 1
            elif line[column] == "}":
                depth -= 1
                if depth == 0:
                    return row
            column += 1
        row, column = row + 1, 0
    return None


def marker_reason(raw, row):
    """The reason of a marker among the comment and attribute lines directly above `row`, or None."""
    above, row = [], row - 1
    while row >= 0:
        line = raw[row].strip()
        if line.startswith(MARKER):
            # The reason with its continuation lines (plain comments between the marker and the declaration).
            reason = [line[len(MARKER):].strip()]
            for following in reversed(above):
                if not following.startswith("//") or following.startswith("///"):
                    break
                reason.append(following[2:].strip())
            return " ".join(reason).strip()
        if not (line.startswith("//") or line.startswith("@")):
            return None
        above.append(line)
        row -= 1
    return None


def functions(path):
    text = open(path, encoding="utf-8").read()
    raw, lines = text.split("\n"), code_only(text)
    for row, line in enumerate(lines):
        for match in DECLARATION.finditer(line):
            column = match.end() - 1 if match.group(1)[-1] in "(<" else match.end()
            start = body_start(lines, row, column)
            if start is None:
                continue
            end = body_end(lines, *start)
            if end is None:
                continue
            name = re.sub(r"\s+", " ", match.group(1)).rstrip("(<")
            yield row + 1, name, end - row + 1, marker_reason(raw, row)


def main(arguments):
    limit = 80
    if arguments[:1] == ["--limit"]:
        limit, arguments = int(arguments[1]), arguments[2:]
    roots = arguments or ["Sources", "Tests", "Benchmarks", "Fuzz"]
    long, failures, count, allowed_seen = [], [], 0, set()
    for root in roots:
        for folder, _, names in sorted(os.walk(root)):
            for name in sorted(n for n in names if n.endswith(".swift")):
                path = os.path.join(folder, name)
                for line, function, length, reason in functions(path):
                    count += 1
                    where = f"{path}:{line}: {function} is {length} lines"
                    key = (os.path.normpath(path), function)
                    if key in ALLOWED and length > limit:
                        allowed_seen.add(key)
                        long.append(f"{where} (allow-listed: {ALLOWED[key]})")
                    elif length > limit:
                        if reason:
                            long.append(f"{where} (marked: {reason})")
                        else:
                            failures.append(f"{where}, over {limit}: split it, or say why not with '{MARKER} …' above it")
                    elif reason is not None:
                        failures.append(f"{where}, within {limit}: remove its '{MARKER}' marker")
    stale = [key for key in ALLOWED if key not in allowed_seen
             and any(key[0] == os.path.normpath(r) or key[0].startswith(os.path.normpath(r) + os.sep) for r in roots)]
    for line in long + failures:
        print(line)
    for path, function in stale:
        print(f"note: {path}: {function} is allow-listed in scripts/check-function-length.py but no longer over "
              f"{limit} lines (or gone): remove its entry")
    print(f"check-function-length: {count} functions, {len(long)} over {limit} lines with a reason, "
          + (f"{len(failures)} problem(s)" if failures else "no other over the limit"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
