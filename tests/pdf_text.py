"""Minimal text extraction for the PDFs fpdf2 writes (Type0 fonts, Identity-H, ToUnicode CMaps).

Enough to check what a reader's text layer shows without poppler or pypdf: one line per text object.
"""

from __future__ import annotations

import re
import zlib

_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}
_TOKENS = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|\bET\b", re.S)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number -> (dictionary text, decoded stream or b'')."""
    out: dict[int, tuple[bytes, bytes]] = {}
    pos = 0
    header = re.compile(rb"(\d+) 0 obj\s*")
    while (m := header.search(data, pos)) is not None:
        start, end = m.end(), data.find(b"endobj", m.end())
        stream_at = data.find(b"stream\n", start)
        if 0 <= stream_at < end:
            head = data[start:stream_at]
            length = int(re.search(rb"/Length (\d+)", head).group(1))  # type: ignore[union-attr]
            raw = data[stream_at + 7 : stream_at + 7 + length]
            body = zlib.decompress(raw) if b"/FlateDecode" in head else raw
            end = data.find(b"endobj", stream_at + 7 + length)
            out[int(m.group(1))] = (head, body)
        else:
            out[int(m.group(1))] = (data[start:end], b"")
        pos = end + 6
    return out


def _cmap(body: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", body, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", body, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(first + i)
    return table


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        c = literal[i : i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = literal[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        elif nxt.isdigit():
            digits = re.match(rb"[0-7]{1,3}", literal[i + 1 :]).group(0)  # type: ignore[union-attr]
            out.append(int(digits, 8) & 0xFF)
            i += 1 + len(digits)
        else:  # line continuation or unknown escape: drop the backslash
            i += 1 + (nxt == b"\n")
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """The text of every page, one line per BT…ET text object, in content order."""
    objects = _objects(data)
    maps: dict[int, dict[int, str]] = {}
    for number, (head, _) in objects.items():
        if (ref := re.search(rb"/ToUnicode (\d+) 0 R", head)) is not None:
            maps[number] = _cmap(objects[int(ref.group(1))][1])
    names: dict[bytes, dict[int, str]] = {}
    for head, _ in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", head):
            if int(ref) in maps:
                names[name] = maps[int(ref)]
    lines: list[str] = []
    for head, body in objects.values():
        if b"BT" not in body or b"/Type /XObject" in head:
            continue
        table: dict[int, str] = {}
        current = ""
        for token in _TOKENS.finditer(body):
            if token.group(1) is not None:
                table = names.get(token.group(1), {})
            elif token.group(0) == b"ET":
                lines.append(current)
                current = ""
            else:
                raw = _unescape(token.group(0)[1:-1])
                current += "".join(table.get(int.from_bytes(raw[i : i + 2], "big"), "�") for i in range(0, len(raw), 2))
    return "\n".join(line for line in lines if line)
