#!/usr/bin/env python3
"""Draw the BStore seed-catalog images as small, deterministic SVG files.

Reads ../categories.json and ../products.json (relative to this file) and
writes every image path they reference under seed-data/. Nothing is
downloaded: every picture is a stylised illustration built from basic SVG
shapes. Colours come from a SHA-256 hash of the product/category id, so
running the script twice produces byte-identical files.

Usage:
    python3 seed-data/tools/draw_images.py            # (re)write images, prune unreferenced SVGs
    python3 seed-data/tools/draw_images.py --check    # write nothing; exit 1 if any file is missing/stale
    python3 seed-data/tools/draw_images.py --no-prune # keep unreferenced SVGs

Python 3.11+, standard library only.
"""
from __future__ import annotations

import argparse
import colorsys
import hashlib
import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

SEED_DIR = Path(__file__).resolve().parent.parent
MANAGED_DIRS = ("images/products", "images/categories")
IMAGE_PATH_RE = re.compile(r"^images/(products|categories)/[a-z0-9]+(-[a-z0-9]+)*\.svg$")
VARIANT_RE = re.compile(r"-(\d)\.svg$")
MAX_BYTES = 4096
FONT = 'font-family="Helvetica,Arial,sans-serif"'


# --------------------------------------------------------------------------- colours
def _hash(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def _hls(h: float, l: float, s: float) -> str:
    r, g, b = colorsys.hls_to_rgb((h % 360) / 360.0, l, s)
    return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


# Tags that suggest a product colour: tag -> (hue, saturation). First match wins.
TAG_COLOURS = [
    ("red", (356, 0.70)), ("rose-quartz", (345, 0.45)), ("rose", (340, 0.55)), ("lavender", (268, 0.45)),
    ("coffee", (24, 0.45)), ("charcoal", (220, 0.06)), ("black", (230, 0.08)), ("vitamin-c", (34, 0.80)),
    ("oud", (18, 0.50)), ("citrus", (52, 0.75)), ("vanilla", (38, 0.55)), ("aloe-vera", (105, 0.45)),
    ("eucalyptus", (160, 0.40)), ("sandalwood", (30, 0.40)), ("cedarwood", (22, 0.40)), ("coconut", (190, 0.45)),
    ("bronzing", (28, 0.60)), ("olive-oil", (70, 0.40)), ("orange-blossom", (30, 0.70)),
]


def palette(key: str, variant: int = 1, pale: bool = False, tags=()) -> dict:
    """Deterministic colour set for an id (variant shifts hues for -2/-3 images)."""
    h = _hash(key)
    hue = h % 360
    bg_hue = hue + 25 + (h >> 12) % 50 + (variant - 1) * 110
    main_l, main_s = (0.84, 0.35) if pale else (0.52, 0.55)
    hint = next((hs for t, hs in TAG_COLOURS if t in tags), None)
    if hint and not pale:
        hue, main_s = hint[0] + (h >> 32) % 9 - 4, hint[1]
    return {
        "bg": _hls(bg_hue, 0.93, 0.45),
        "deco": _hls(bg_hue, 0.86, 0.40),
        "main": _hls(hue, main_l, main_s),
        "light": _hls(hue, 0.78, 0.50),
        "dark": _hls(hue + 180 + (h >> 20) % 40, 0.22, 0.25),
        "accent": _hls(hue + 150, 0.60, 0.55),
        "label": "#fffdf7",
        "ink": _hls(hue, 0.20, 0.35),
        "metal": "#c9ccd2",
        "gold": "#d9b46a",
        "bits": h >> 24,
    }


# --------------------------------------------------------------------------- primitives
def n(x: float) -> str:
    """Compact, stable number formatting."""
    x = round(x, 1)
    return str(int(x)) if x == int(x) else str(x)


def rect(x, y, w, h, fill, rx=0, extra=""):
    r = f' rx="{n(rx)}"' if rx else ""
    return f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}"{r} fill="{fill}"{extra}/>'


def circle(cx, cy, r, fill, extra=""):
    return f'<circle cx="{n(cx)}" cy="{n(cy)}" r="{n(r)}" fill="{fill}"{extra}/>'


def ellipse(cx, cy, rx, ry, fill, extra=""):
    return f'<ellipse cx="{n(cx)}" cy="{n(cy)}" rx="{n(rx)}" ry="{n(ry)}" fill="{fill}"{extra}/>'


def path(d, fill, extra=""):
    return f'<path d="{d}" fill="{fill}"{extra}/>'


def text(x, y, s, width, fill, size=14.0, rotate=None, weight="600"):
    """Brand text, XML-escaped, font size shrunk so it fits in `width` px."""
    if not s:
        return ""
    size = min(size, width / (0.6 * max(len(s), 1)))
    tr = f' transform="rotate({n(rotate)} {n(x)} {n(y)})"' if rotate is not None else ""
    return (f'<text x="{n(x)}" y="{n(y + size * 0.35)}" font-size="{n(size)}" {FONT} '
            f'font-weight="{weight}" text-anchor="middle" fill="{fill}"{tr}>{escape(s)}</text>')


def shine(x, y, w, h):
    return rect(x, y, w, h, "#fff", rx=w / 2, extra=' opacity=".35"')


def brand_block(cx, cy, s, width, fill, size=14.0):
    """Brand text centred on (cx, cy); long names with a space wrap to two lines."""
    if not s:
        return ""
    one = min(size, width / (0.6 * len(s)))
    if one >= 10 or " " not in s:
        return text(cx, cy, s, width, fill, size)
    mid = len(s) / 2
    cut = min((i for i, ch in enumerate(s) if ch == " "), key=lambda i: abs(i - mid))
    a, b = s[:cut], s[cut + 1:]
    two = min(size, width / (0.6 * max(len(a), len(b))))
    gap = two * 0.58
    return text(cx, cy - gap, a, width, fill, two) + text(cx, cy + gap, b, width, fill, two)


def label(x, y, w, h, c, brand, rx=6, lines=True):
    out = rect(x, y, w, h, c["label"], rx=rx)
    deco = lines and h >= 40
    out += brand_block(x + w / 2, y + h * (0.36 if deco else 0.5), brand, w - 10, c["ink"])
    if deco:
        out += rect(x + w * 0.2, y + h * 0.66, w * 0.6, 3, c["light"], rx=1.5)
        out += rect(x + w * 0.3, y + h * 0.78, w * 0.4, 3, c["light"], rx=1.5)
    return out


# --------------------------------------------------------------------------- shapes
# Each shape draws a product standing on y≈340 inside a 400x400 canvas.
def s_dropper(c, b):
    return (rect(150, 190, 100, 150, c["main"], 18) + shine(160, 202, 10, 120)
            + rect(178, 165, 44, 30, c["gold"], 4) + rect(185, 92, 30, 78, c["dark"], 15)
            + label(160, 235, 80, 70, c, b))


def s_jar(c, b):
    lid = 10 if c["bits"] & 1 else 24
    return (rect(115, 220, 170, 120, c["main"], 22) + shine(127, 232, 10, 90)
            + rect(108, 180, 184, 48, c["dark"], lid) + rect(120, 190, 160, 6, "#fff", 3, ' opacity=".2"')
            + label(140, 250, 120, 62, c, b))


def s_tube(c, b, sun=False, spf=""):
    out = (rect(170, 300, 60, 40, c["dark"], 6) + path("M130 100H270L245 302H155Z", c["main"])
           + rect(124, 92, 152, 16, c["dark"], 4) + shine(148, 120, 10, 150))
    if sun:
        out += circle(200, 140, 20, c["gold"]) + text(200, 140, spf, 36, "#fff", 11)
        return out + label(162, 175, 76, 80, c, b)
    return out + label(160, 150, 80, 100, c, b)


def s_lipstick(c, b):
    return (rect(250, 262, 64, 78, c["dark"], 6) + rect(150, 232, 72, 108, c["dark"], 6)
            + rect(157, 190, 58, 46, c["gold"], 3) + path("M164 192V128L208 104V192Z", c["main"])
            + shine(172, 130, 7, 56) + text(186, 290, b, 62, c["label"], 11, rotate=-90))


def s_palette(c, b):
    h = c["bits"] % 360
    out = rect(85, 140, 230, 180, c["dark"], 16) + rect(97, 152, 206, 156, "#f4efe9", 10)
    for i in range(6):
        cx, cy = 137 + (i % 3) * 63, 192 + (i // 3) * 58
        out += circle(cx, cy, 24, _hls(h + i * 18, 0.45 + 0.06 * (i % 3), 0.55))
    return out + text(200, 298, b, 180, c["ink"], 13)


def s_compact(c, b):
    return (circle(200, 150, 82, c["dark"]) + circle(200, 150, 66, "#e6edf2") + shine(160, 110, 12, 60)
            + text(200, 150, b, 110, c["ink"], 13)
            + ellipse(200, 292, 112, 50, c["dark"]) + ellipse(200, 286, 86, 34, c["main"])
            + ellipse(182, 278, 30, 9, "#fff", ' opacity=".3"'))


def s_perfume(c, b):
    ball = c["bits"] & 2
    cap = circle(200, 122, 40, c["dark"]) if ball else rect(160, 92, 80, 70, c["dark"], 8)
    return (rect(120, 180, 160, 160, c["main"], 26, ' opacity=".9"') + rect(134, 194, 132, 132, c["light"], 18, ' opacity=".45"')
            + rect(184, 158, 32, 26, c["gold"], 3) + cap + shine(136, 198, 10, 110)
            + label(145, 232, 110, 56, c, b, rx=3))


def s_polish(c, b):
    return (rect(140, 215, 120, 125, c["main"], 24) + shine(152, 228, 9, 90)
            + rect(186, 200, 28, 18, c["gold"], 3) + rect(176, 100, 48, 104, c["dark"], 7)
            + label(156, 262, 88, 42, c, b, lines=False))


def s_bottle(c, b):
    return (rect(130, 150, 140, 190, c["main"], 34) + shine(144, 172, 10, 140)
            + rect(162, 108, 76, 46, c["dark"], 10) + rect(175, 100, 30, 12, c["dark"], 4)
            + label(150, 205, 100, 100, c, b, rx=10))


def s_pump(c, b):
    return (rect(140, 182, 120, 158, c["main"], 22) + shine(152, 196, 10, 120)
            + rect(178, 162, 44, 24, c["dark"], 4) + rect(194, 122, 12, 44, c["dark"])
            + rect(168, 108, 64, 18, c["dark"], 6) + rect(128, 111, 44, 10, c["dark"], 4)
            + label(155, 220, 90, 90, c, b))


def s_spray(c, b):
    return (rect(150, 158, 100, 182, c["main"], 14) + ellipse(200, 160, 50, 16, c["light"])
            + rect(162, 102, 76, 56, c["dark"], 12) + shine(160, 175, 9, 140)
            + label(160, 200, 80, 100, c, b))


def s_brush(c, b, count=1):
    out = ""
    angles = [-32] if count == 1 else [-40, -18, 4]
    for i, a in enumerate(angles):
        tone = c["main"] if i % 2 == 0 else c["accent"]
        out += (f'<g transform="rotate({a} 200 230)">' + rect(186, 170, 28, 180, tone, 12)
                + rect(181, 128, 38, 46, c["metal"], 4) + path("M182 132Q172 66 200 48Q228 66 218 132Z", c["dark"])
                + (text(200, 265, b, 150, c["label"], 12, rotate=-90) if i == len(angles) - 1 else "") + "</g>")
    return out


def s_comb(c, b):
    teeth = "".join(f"M{n(x)} 208h7v{92 if i % 2 else 80}h-7z" for i, x in enumerate(range(96, 300, 14)))
    return (path(teeth, c["main"]) + rect(84, 160, 232, 52, c["main"], 10)
            + shine(96, 168, 150, 7) + text(200, 192, b, 200, c["label"], 13))


def s_roller(c, b):
    return (rect(190, 196, 20, 150, c["metal"], 8) + path("M140 130V188H260V130", "none", f' stroke="{c["metal"]}" stroke-width="8"')
            + rect(118, 98, 164, 50, c["main"], 25) + shine(132, 108, 130, 8)
            + rect(156, 140, 88, 28, c["light"], 14) + text(200, 300, b, 120, c["ink"], 11, rotate=-90))


def s_dryer(c, b):
    return (f'<g transform="rotate(14 170 250)">' + rect(146, 220, 46, 120, c["main"], 16) + "</g>"
            + rect(190, 128, 130, 78, c["main"], 12) + rect(310, 122, 18, 90, c["dark"], 6)
            + circle(165, 168, 78, c["main"]) + circle(165, 168, 50, c["dark"])
            + circle(165, 168, 36, c["light"]) + text(165, 168, b, 66, c["ink"], 11)
            + circle(168, 262, 7, c["accent"]))


def s_pencil(c, b):
    return (f'<g transform="rotate(-28 200 210)">' + rect(184, 110, 32, 220, c["main"], 4)
            + path("M184 110H216L200 58Z", "#e7c9a0") + path("M194 76H206L200 58Z", c["dark"])
            + rect(184, 300, 32, 34, c["dark"], 4) + shine(189, 118, 6, 170)
            + text(200, 215, b, 160, c["label"], 12, rotate=-90) + "</g>")


def s_mascara(c, b):
    return (rect(130, 190, 60, 150, c["main"], 10) + rect(130, 118, 60, 76, c["dark"], 10)
            + shine(138, 200, 8, 120) + text(160, 265, b, 130, c["label"], 12, rotate=-90)
            + rect(243, 150, 14, 190, c["dark"], 6) + rect(247, 70, 6, 84, c["metal"])
            + path("M238 72Q250 60 262 72V120Q250 130 238 120Z", "#222"))


def s_razor(c, b):
    blades = "".join(f"M148 {108 + i * 7}h104" for i in range(5))
    return (f'<g transform="rotate(-18 200 220)">' + rect(186, 160, 28, 190, c["main"], 14)
            + "".join(rect(190, 250 + i * 14, 20, 6, c["dark"], 3) for i in range(4))
            + path("M192 162L180 142H220L208 162Z", c["metal"]) + rect(140, 98, 120, 46, c["dark"], 10)
            + path(blades, "none", f' stroke="{c["metal"]}" stroke-width="3"')
            + text(200, 205, b, 86, c["label"], 11, rotate=-90) + "</g>")


def s_soap(c, b):
    return (rect(95, 210, 210, 112, c["main"], 44) + rect(108, 198, 184, 96, c["light"], 38)
            + brand_block(200, 246, b, 150, c["ink"], 15)
            + circle(292, 168, 16, "none", f' stroke="{c["main"]}" stroke-width="3"')
            + circle(318, 138, 9, "none", f' stroke="{c["main"]}" stroke-width="3"')
            + circle(104, 176, 12, "none", f' stroke="{c["main"]}" stroke-width="3"'))


def s_bathbomb(c, b):
    out = ""
    for i, (cx, cy, r) in enumerate(((130, 270, 62), (270, 270, 62), (200, 182, 62))):
        out += circle(cx, cy, r, c["main"] if i != 1 else c["accent"])
        out += path(f"M{cx - r + 6} {cy}Q{cx} {cy + 18} {cx + r - 6} {cy}", "none", f' stroke="#fff" stroke-width="3" opacity=".5"')
        out += circle(cx - 22, cy - 24, 5, c["light"]) + circle(cx + 18, cy - 30, 4, c["light"])
    return out + label(130, 312, 140, 34, c, b, lines=False)


def s_mitt(c, b):
    dash = "".join(f"M152 {y}h96" for y in range(140, 300, 18))
    return (ellipse(262, 238, 28, 56, c["main"], ' transform="rotate(20 262 238)"')
            + path("M140 336V170Q140 108 200 108Q260 108 260 170V336Z", c["main"])
            + path(dash, "none", f' stroke="{c["light"]}" stroke-width="5" stroke-dasharray="6 6"')
            + rect(134, 306, 132, 36, c["dark"], 6) + text(200, 324, b, 120, c["label"], 12))


def s_nailfile(c, b):
    return (f'<g transform="rotate(-30 200 210)">' + rect(184, 60, 36, 280, c["light"], 18)
            + rect(190, 70, 24, 150, "#fff", 12, ' opacity=".45"') + "</g>"
            + f'<g transform="rotate(-8 200 210)">' + rect(180, 60, 40, 280, c["main"], 20)
            + rect(187, 72, 26, 150, "#fff", 13, ' opacity=".35"')
            + text(200, 282, b, 100, c["label"], 12, rotate=-90) + "</g>")


SHAPES = {
    "dropper": s_dropper, "jar": s_jar, "tube": s_tube, "lipstick": s_lipstick, "palette": s_palette,
    "compact": s_compact, "perfume": s_perfume, "polish": s_polish, "bottle": s_bottle, "pump": s_pump,
    "spray": s_spray, "brush": s_brush, "brushset": lambda c, b: s_brush(c, b, 3), "comb": s_comb,
    "roller": s_roller, "dryer": s_dryer, "pencil": s_pencil, "mascara": s_mascara, "razor": s_razor,
    "soap": s_soap, "bathbomb": s_bathbomb, "mitt": s_mitt, "nailfile": s_nailfile,
}

# First rule whose tag set intersects the product tags wins; order matters.
TAG_RULES = [
    ({"razor"}, "razor"), ({"hair-dryer"}, "dryer"), ({"comb"}, "comb"), ({"brush-set"}, "brushset"),
    ({"brush"}, "brush"), ({"facial-roller"}, "roller"), ({"nail-file"}, "nailfile"),
    ({"eyeliner", "pencil", "pen", "eyelash-curler"}, "pencil"), ({"mascara"}, "mascara"),
    ({"lipstick", "lip-balm"}, "lipstick"), ({"palette"}, "palette"),
    ({"blush", "setting-powder", "solid-perfume", "compact"}, "compact"), ({"bath-bomb"}, "bathbomb"),
    ({"shower-mitt"}, "mitt"), ({"soap"}, "soap"), ({"nail-polish", "top-coat", "base-coat"}, "polish"),
    ({"serum", "body-oil", "beard-oil", "drops"}, "dropper"), ({"dry-shampoo"}, "spray"),
    ({"sunscreen"}, "sunscreen"), ({"self-tan", "mousse", "foundation"}, "pump"),
    ({"eye-cream", "hand-cream", "face-wash", "cleanser", "aftershave"}, "tube"),
    ({"mask", "cream", "moisturizer", "body-cream", "curl-cream", "hair-mask", "body-scrub", "bath-salts",
      "shaving-cream", "cleansing-balm"}, "jar"),
    ({"shampoo", "conditioner", "shower-gel", "toner"}, "bottle"),
    ({"body-lotion", "body-gel", "after-sun"}, "pump"),
]
CATEGORY_DEFAULT = {
    "skin-care": "jar", "make-up": "compact", "hair-care": "bottle", "fragrance": "perfume",
    "body-care": "pump", "nail-care": "polish", "sun-care": "sunscreen", "mens-grooming": "razor",
    "tools-accessories": "brush", "bath-shower": "soap",
}
PALE_TAGS = {"top-coat", "base-coat", "translucent"}


def choose_shape(product: dict) -> str:
    tags = set(product.get("tags", []))
    for keys, shape in TAG_RULES:
        if tags & keys:
            return shape
    return CATEGORY_DEFAULT.get(product["categoryId"], "jar")


def draw_shape(shape: str, c: dict, brand: str, tags=()) -> str:
    if shape == "sunscreen":
        spf = next((t.split("-")[1] for t in tags if re.fullmatch(r"spf-\d+", t)), "")
        return s_tube(c, brand, sun=True, spf=f"SPF{spf}" if spf else "SPF")
    return SHAPES[shape](c, brand)


# --------------------------------------------------------------------------- documents
def svg_doc(title: str, bg: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img">'
            f"<title>{escape(title)}</title>" + rect(0, 0, 400, 400, bg) + body + "</svg>\n")


def backdrop(c: dict, variant: int) -> str:
    if variant == 2:   # dotted backdrop
        return "".join(circle(40 + (i % 5) * 80, 40 + (i // 5) * 80, 6, c["deco"]) for i in range(25))
    if variant == 3:   # diagonal stripes
        d = "".join(f"M{x} 0L{x - 400} 400" for x in range(60, 800, 70))
        return path(d, "none", f' stroke="{c["deco"]}" stroke-width="22"')
    return circle(200, 210, 150, c["deco"])


def product_svg(p: dict, variant: int) -> str:
    pale = bool(PALE_TAGS & set(p["tags"]))
    c = palette(p["id"], variant, pale, tuple(p["tags"]))
    shape = choose_shape(p)
    art = draw_shape(shape, c, p["brand"], p["tags"])
    shadow = ellipse(200, 344, 120, 12, "#000", ' opacity=".08"')
    if variant == 2:
        art = f'<g transform="rotate(-9 200 230)">{art}</g>'
    elif variant == 3:
        art = f'<g transform="translate(-50 -70) scale(1.25)">{art}</g>'
        shadow = ""
    return svg_doc(f'{p["name"]} by {p["brand"]}', c["bg"], backdrop(c, variant) + shadow + art)


def _place(shape: str, c: dict, x: float, y: float, s: float, tags=()) -> str:
    return f'<g transform="translate({n(x)} {n(y)}) scale({s})">{draw_shape(shape, c, "", tags)}</g>'


def _sparkle(x, y, r, fill):
    return path(f"M{x} {y - r}Q{x} {y} {x + r} {y}Q{x} {y} {x} {y + r}Q{x} {y} {x - r} {y}Q{x} {y} {x} {y - r}Z", fill)


def _leaf(c):
    return (path("M270 120Q340 110 350 40Q280 40 262 100Z", c["accent"])
            + path("M266 116Q300 80 340 50", "none", f' stroke="{c["dark"]}" stroke-width="3"'))


def _sun(c):
    rays = "".join(f'<rect x="316" y="22" width="8" height="22" rx="4" fill="{c["gold"]}" transform="rotate({a} 320 80)"/>'
                   for a in range(0, 360, 45))
    return rays + circle(320, 80, 30, c["gold"])


def _bubbles(c):
    return "".join(circle(x, y, r, "none", f' stroke="{c["dark"]}" stroke-width="4" opacity=".5"')
                   for x, y, r in ((300, 90, 26), (345, 150, 14), (250, 60, 12), (80, 90, 18)))


CATEGORY_ART = {
    "skin-care": lambda c: _place("jar", c, 0, 90, .55) + _place("dropper", c, 150, 40, .65) + _leaf(c),
    "make-up": lambda c: _place("compact", c, 10, 110, .55) + _place("lipstick", c, 170, 40, .7)
               + _sparkle(320, 70, 26, c["gold"]),
    "hair-care": lambda c: _place("bottle", c, -10, 60, .7) + _place("comb", c, 170, 120, .6),
    "fragrance": lambda c: _place("perfume", c, 40, 30, .8) + _sparkle(320, 90, 30, c["gold"])
                 + _sparkle(80, 80, 18, c["gold"]),
    "body-care": lambda c: _place("pump", c, 20, 40, .75)
                 + path("M300 150C300 120 340 110 350 140C360 110 400 120 398 150C396 180 350 205 350 205C350 205 300 180 300 150Z",
                        c["accent"], ' transform="translate(-40 -60)"'),
    "nail-care": lambda c: _place("polish", c, 20, 50, .7) + _place("nailfile", c, 170, 60, .6),
    "sun-care": lambda c: _place("sunscreen", c, 30, 60, .7, ("spf-50",)) + _sun(c),
    "mens-grooming": lambda c: _place("razor", c, 20, 50, .7)
                     + path("M230 300Q260 270 300 292Q340 270 370 300Q340 318 300 304Q260 318 230 300Z", c["dark"]),
    "tools-accessories": lambda c: _place("brush", c, 0, 40, .75) + _place("comb", c, 170, 140, .55),
    "bath-shower": lambda c: _place("soap", c, 0, 110, .7) + _place("bathbomb", c, 190, 150, .45) + _bubbles(c),
}


def category_svg(cat: dict) -> str:
    c = palette(cat["id"])
    art = CATEGORY_ART.get(cat["id"], lambda c: _place("jar", c, 60, 60, .7))(c)
    deco = circle(200, 200, 170, c["deco"])
    return svg_doc(cat["name"], c["bg"], deco + art)


# --------------------------------------------------------------------------- driver
def build(seed_dir: Path) -> dict[str, str]:
    cats = json.loads((seed_dir / "categories.json").read_text(encoding="utf-8"))["categories"]
    prods = json.loads((seed_dir / "products.json").read_text(encoding="utf-8"))["products"]
    out: dict[str, str] = {}
    for cat in cats:
        out[cat["image"]] = category_svg(cat)
    for p in prods:
        for img in p["images"]:
            m = VARIANT_RE.search(img) if img != f'images/products/{p["id"]}.svg' else None
            out[img] = product_svg(p, int(m.group(1)) if m else 1)
    for rel, doc in out.items():
        if not IMAGE_PATH_RE.match(rel):
            raise SystemExit(f"refusing unsafe image path: {rel!r}")
        size = len(doc.encode("utf-8"))
        if size > MAX_BYTES:
            raise SystemExit(f"{rel} is {size} bytes (> {MAX_BYTES})")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify files on disk are up to date; write nothing")
    ap.add_argument("--no-prune", action="store_true", help="do not delete unreferenced SVGs in images/products|categories")
    args = ap.parse_args(argv)

    docs = build(SEED_DIR)
    referenced = {SEED_DIR / rel for rel in docs}
    stray = sorted(f for d in MANAGED_DIRS if (SEED_DIR / d).is_dir()
                   for f in (SEED_DIR / d).glob("*.svg") if f not in referenced)
    if args.check:
        bad = [rel for rel, doc in sorted(docs.items())
               if not (SEED_DIR / rel).is_file() or (SEED_DIR / rel).read_bytes() != doc.encode("utf-8")]
        for rel in bad:
            print(f"stale or missing: {rel}", file=sys.stderr)
        for f in stray:
            print(f"unreferenced: {f.relative_to(SEED_DIR)}", file=sys.stderr)
        print(f"checked {len(docs)} images: {len(bad)} stale/missing, {len(stray)} unreferenced")
        return 1 if bad or stray else 0

    written = 0
    for rel, doc in sorted(docs.items()):
        target = SEED_DIR / rel
        data = doc.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    removed = 0
    if not args.no_prune:
        for f in stray:
            f.unlink()
            removed += 1
    print(f"{len(docs)} images referenced, {written} written, {removed} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
