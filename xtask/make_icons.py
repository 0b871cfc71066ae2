"""Draws the app icons in public/icons/ (run once when the design changes: python3 xtask/make_icons.py).

Pure standard library: a teal square with a white booklet and a teal cross. The maskable icon
keeps everything inside the central 80% safe zone and fills the whole square.
"""
import struct
import zlib
from pathlib import Path

TEAL = (11, 110, 105)
WHITE = (255, 255, 255)
PAPER = (247, 245, 240)


def png(path, size, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x + 0.5, y + 0.5, size))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    Path(path).write_bytes(data)


def in_round_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def design(scale, rounded):
    """scale: fraction of the square the booklet design spans."""

    def pixel(x, y, size):
        u, v = x / size, y / size
        if rounded and not in_round_rect(u, v, 0, 0, 1, 1, 0.18):
            return (0, 0, 0, 0)
        # map into the design box centred in the square
        m = (1 - scale) / 2
        du, dv = (u - m) / scale, (v - m) / scale
        if in_round_rect(du, dv, 0.2, 0.1, 0.8, 0.9, 0.06):
            # spine
            if 0.2 <= du <= 0.3:
                return (*PAPER, 255)
            # cross
            if (0.47 <= du <= 0.63 and 0.3 <= dv <= 0.7) or (0.35 <= du <= 0.75 and 0.42 <= dv <= 0.58):
                return (*TEAL, 255)
            return (*WHITE, 255)
        return (*TEAL, 255)

    return pixel


out = Path(__file__).resolve().parent.parent / "public" / "icons"
out.mkdir(parents=True, exist_ok=True)
png(out / "icon-192.png", 192, design(0.9, True))
png(out / "icon-512.png", 512, design(0.9, True))
png(out / "icon-maskable-512.png", 512, design(0.62, False))
print("icons written to", out)
