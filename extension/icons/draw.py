"""Draws CaseScope's toolbar icons (a magnifier over a document) as PNGs.

Run once with `python3 draw.py` when the design changes; the PNGs are committed.
Standard library only (zlib + struct), 4x supersampling for smooth edges.
"""
import struct
import zlib


def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y * size * 4:(y + 1) * size * 4]) for y in range(size))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)


def shade(u, v):
    """Colour (r, g, b, a) at unit coordinates u, v in [0, 1)."""
    # Rounded square background.
    r = 0.18
    dx = max(abs(u - 0.5) - (0.5 - r), 0)
    dy = max(abs(v - 0.5) - (0.5 - r), 0)
    if dx * dx + dy * dy > r * r:
        return (0, 0, 0, 0)
    # Magnifier ring and handle.
    cx, cy, rad = 0.44, 0.42, 0.22
    d = ((u - cx) ** 2 + (v - cy) ** 2) ** 0.5
    if abs(d - rad) < 0.06:
        return (255, 255, 255, 255)
    t = (u - cx) + (v - cy)
    if 0.2 < t < 0.62 and abs((u - cx) - (v - cy)) < 0.08 and d > rad:
        return (255, 255, 255, 255)
    # Lines of text inside the lens.
    if d < rad - 0.06 and any(abs(v - ly) < 0.025 for ly in (0.36, 0.44, 0.52)) and abs(u - cx) < 0.12:
        return (190, 220, 255, 255)
    return (20, 70, 140, 255)


# The 128 px icon is 96 px of artwork in 16 px of transparent padding, as
# the Chrome Web Store asks (its listing shows this same file); the toolbar
# sizes fill their square.
PAD = {128: 16}

for size in (16, 32, 48, 128):
    ss = 4
    pad = PAD.get(size, 0)
    art = size - 2 * pad
    px = []
    for y in range(size):
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    u = (x - pad + (sx + 0.5) / ss) / art
                    v = (y - pad + (sy + 0.5) / ss) / art
                    c = shade(u, v) if 0 <= u < 1 and 0 <= v < 1 else (0, 0, 0, 0)
                    for i in range(3):
                        acc[i] += c[i] * c[3]
                    acc[3] += c[3]
            a = acc[3] / (ss * ss)
            px += [int(acc[i] / acc[3]) if acc[3] else 0 for i in range(3)] + [int(a)]
    png(f"icon-{size}.png", size, px)
