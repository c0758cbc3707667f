#!/usr/bin/env python3
"""shot.py -- questions about a screenshot of the simscm window (tests/display).

A screenshot is a binary PPM (P6) of the whole X screen (xwd | xwdtopnm).
The window's parts have background colours used nowhere else
(sim/display/sdl.c), so each part is found as the bounding box of its
colour, wherever the window manager (or none) put the window.

    shot.py parts SHOT                 console and panel boxes, "x0 y0 x1 y1"
    shot.py power SHOT                 on, warned or off: the indicator's colour
    shot.py inked SHOT                 non-background pixels in the console box
    shot.py button SHOT                "x y": the middle of the first button
    shot.py differ SHOT1 SHOT2         pixels of the panel box that differ
    shot.py boots SHOT1 SHOT2          pixels of the panel's "boots" line that
                                       differ (the third line; the indicator
                                       box is one line high, less 2 pixels)
"""
import sys

CONSOLE_BG = (12, 12, 20)
PANEL_BG = (28, 30, 40)
BUTTON = (60, 64, 84)
POWER = {"on": (40, 200, 80), "warned": (240, 170, 0), "off": (220, 40, 40)}


def load(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:              # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit("shot.py: %s: not an 8-bit P6 PPM" % path)
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + 3 * w * h]


def pixel(img, x, y):
    w, _, px = img
    i = 3 * (y * w + x)
    return tuple(px[i:i + 3])


def bbox(img, colour):
    w, h, px = img
    key = bytes(colour)
    xs, ys = [], []
    for y in range(h):
        row = px[3 * w * y:3 * w * (y + 1)]
        i = row.find(key)
        while i >= 0:
            if i % 3 == 0:
                xs.append(i // 3)
                ys.append(y)
            i = row.find(key, i + 1)
    if not xs:
        sys.exit("shot.py: no pixel of colour %s: is the window on the screen?" % (colour,))
    return min(xs), min(ys), max(xs), max(ys)


def count(img, box, colours):
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)
               if pixel(img, x, y) in colours)


def main():
    what, shots = sys.argv[1], [load(p) for p in sys.argv[2:]]
    img = shots[0]
    if what == "parts":
        print(*bbox(img, CONSOLE_BG))
        print(*bbox(img, PANEL_BG))
    elif what == "power":
        # The indicator's colours are used by nothing else on the screen.
        seen = {name: img[2].count(bytes(c)) for name, c in POWER.items()}
        lit = [name for name, n in seen.items() if n >= 100]
        print(lit[0] if len(lit) == 1 else "unclear %s" % seen)
    elif what == "inked":
        box = bbox(img, CONSOLE_BG)
        print(sum(1 for y in range(box[1], box[3] + 1) for x in range(box[0], box[2] + 1)
                  if pixel(img, x, y) not in (CONSOLE_BG, BUTTON)))
    elif what == "button":
        x0, y0, x1, y1 = bbox(img, BUTTON)
        # The first button is the leftmost: its column of pixels at x0 + 3.
        ys = [y for y in range(y0, y1 + 1) if pixel(img, x0 + 3, y) == BUTTON]
        print(x0 + 3 * 8, (min(ys) + max(ys)) // 2)
    elif what == "differ":
        panel = bbox(img, PANEL_BG)
        other = shots[1]
        x0, y0, x1, y1 = panel
        print(sum(1 for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)
                  if pixel(img, x, y) != pixel(other, x, y)))
    elif what == "boots":
        other = shots[1]
        panel = bbox(img, PANEL_BG)
        box = None
        for c in POWER.values():
            try:
                box = bbox(img, c)
                break
            except SystemExit:
                continue
        line = box[3] - box[1] + 3
        top = box[1] - 1 + 2 * line
        print(sum(1 for y in range(top, top + line) for x in range(panel[0], panel[2] + 1)
                  if pixel(img, x, y) != pixel(other, x, y)))
    else:
        sys.exit("shot.py: unknown question %s" % what)


main()
