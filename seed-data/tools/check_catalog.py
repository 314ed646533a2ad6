#!/usr/bin/env python3
"""Validate the BStore seed catalog (standard library only).

    python3 seed-data/tools/check_catalog.py

Checks categories.json / products.json against schema/catalog.schema.json
(with a small built-in validator for the keywords that schema uses), the
cross-record rules JSON Schema cannot express, and the image files on disk
(existence, no orphans, well-formed XML, 400x400 viewBox, < 4 KB, and that
draw_images.py would regenerate them byte for byte). Exit code 1 on failure.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EXPECTED_CATEGORIES = {
    "skin-care": "Skin Care", "make-up": "Make-up", "hair-care": "Hair Care", "fragrance": "Fragrance",
    "body-care": "Body Care", "nail-care": "Nail Care", "sun-care": "Sun Care",
    "mens-grooming": "Men's Grooming", "tools-accessories": "Tools & Accessories", "bath-shower": "Bath & Shower",
}
PRODUCT_FIELDS = {"id", "name", "brand", "description", "categoryId", "price", "currency", "stock", "tags",
                  "images", "createdAt"}
errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


# --------------------------------------------------------------------------- mini JSON Schema validator
def validate(inst, schema, root, where="$"):
    """Subset of draft 2020-12 used by catalog.schema.json. Returns a list of messages."""
    out = []
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        out += validate(inst, root["$defs"][ref[8:]], root, where)
    for sub in schema.get("allOf", []):
        out += validate(inst, sub, root, where)
    if "oneOf" in schema:
        ok = sum(not validate(inst, sub, root, where) for sub in schema["oneOf"])
        if ok != 1:
            out.append(f"{where}: matches {ok} oneOf branches")
    if "enum" in schema and inst not in schema["enum"]:
        out.append(f"{where}: {inst!r} not in enum")
    if "const" in schema and inst != schema["const"]:
        out.append(f"{where}: {inst!r} != {schema['const']!r}")
    t = schema.get("type")
    checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
              "string": lambda v: isinstance(v, str),
              "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}
    if t and not checks[t](inst):
        return out + [f"{where}: expected {t}"]
    if isinstance(inst, dict):
        for k in schema.get("required", []):
            if k not in inst:
                out.append(f"{where}: missing {k}")
        props = schema.get("properties", {})
        for k, v in inst.items():
            if k in props:
                out += validate(v, props[k], root, f"{where}.{k}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}: unexpected property {k}")
    if isinstance(inst, list):
        if len(inst) < schema.get("minItems", 0) or len(inst) > schema.get("maxItems", 10**9):
            out.append(f"{where}: {len(inst)} items out of range")
        if schema.get("uniqueItems") and len({json.dumps(x, sort_keys=True) for x in inst}) != len(inst):
            out.append(f"{where}: items not unique")
        if "items" in schema:
            for i, v in enumerate(inst):
                out += validate(v, schema["items"], root, f"{where}[{i}]")
    if isinstance(inst, str):
        if len(inst) < schema.get("minLength", 0) or len(inst) > schema.get("maxLength", 10**9):
            out.append(f"{where}: length {len(inst)} out of range")
        if "pattern" in schema and not re.search(schema["pattern"], inst):
            out.append(f"{where}: {inst!r} does not match {schema['pattern']}")
    if isinstance(inst, (int, float)) and not isinstance(inst, bool):
        if "minimum" in schema and inst < schema["minimum"]:
            out.append(f"{where}: {inst} < minimum")
        if "maximum" in schema and inst > schema["maximum"]:
            out.append(f"{where}: {inst} > maximum")
        if "multipleOf" in schema and Decimal(repr(inst)) % Decimal(repr(schema["multipleOf"])) != 0:
            out.append(f"{where}: {inst} not a multiple of {schema['multipleOf']}")
    return out


def fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


def main() -> int:
    schema = json.loads((SEED / "schema/catalog.schema.json").read_text(encoding="utf-8"))
    cat_doc = json.loads((SEED / "categories.json").read_text(encoding="utf-8"))
    prod_doc = json.loads((SEED / "products.json").read_text(encoding="utf-8"))
    for name, kind, doc in (("categories.json", "categoriesFile", cat_doc), ("products.json", "productsFile", prod_doc)):
        msgs = validate(doc, {"$ref": f"#/$defs/{kind}"}, schema) or validate(doc, schema, schema)
        for m in msgs:
            err(f"schema {name}: {m}")

    cats, prods = cat_doc.get("categories", []), prod_doc.get("products", [])

    # ---- categories
    if {c["id"]: c["name"] for c in cats} != EXPECTED_CATEGORIES:
        err("category ids/names differ from the expected ten")
    if sorted(c["sortOrder"] for c in cats) != list(range(1, 11)):
        err("sortOrder must be 1..10, unique")
    for c in cats:
        if c["image"] != f"images/categories/{c['id']}.svg":
            err(f"category {c['id']}: image path {c['image']}")
        if not c["description"].endswith(".") or c["description"].count(". ") > 0:
            err(f"category {c['id']}: description should be one sentence")
    cat_ids = {c["id"] for c in cats}

    # ---- products
    if len(prods) < 60:
        err(f"expected at least 60 products, got {len(prods)}")
    for field in ("id", "name"):
        dup = [k for k, v in Counter(p[field] for p in prods).items() if v > 1]
        if dup:
            err(f"duplicate product {field}s: {dup}")
    dup_ts = [k for k, v in Counter(p["createdAt"] for p in prods).items() if v > 1]
    if dup_ts:
        err(f"duplicate createdAt: {dup_ts}")
    lo, hi = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    for p in prods:
        pid = p.get("id", "?")
        if set(p) != PRODUCT_FIELDS:
            err(f"{pid}: fields {sorted(set(p) ^ PRODUCT_FIELDS)}")
            continue
        if not SLUG.match(pid) or len(pid) > 64:
            err(f"{pid}: bad id")
        if p["categoryId"] not in cat_ids:
            err(f"{pid}: unknown categoryId {p['categoryId']}")
        if not 3 <= len(p["name"]) <= 80:
            err(f"{pid}: name length")
        if not 40 <= len(p["description"]) <= 600 or re.search(r"[<>]", p["description"]):
            err(f"{pid}: description length/HTML")
        price = p["price"]
        if isinstance(price, bool) or not isinstance(price, (int, float)) or not 3.5 <= price <= 250:
            err(f"{pid}: price {price!r} out of range")
        elif Decimal(repr(price)).as_tuple().exponent < -2:
            err(f"{pid}: price {price} has more than 2 decimals")
        elif price / 0.01 != int(price / 0.01):
            # Common validators (ajv, python-jsonschema) test multipleOf with float division.
            err(f"{pid}: price {price} fails float multipleOf 0.01 in common validators")
        if p["currency"] != "USD":
            err(f"{pid}: currency")
        if not isinstance(p["stock"], int) or isinstance(p["stock"], bool) or not 0 <= p["stock"] <= 500:
            err(f"{pid}: stock")
        tags = p["tags"]
        if not 2 <= len(tags) <= 6 or len(set(tags)) != len(tags) or not all(SLUG.match(t) for t in tags):
            err(f"{pid}: tags {tags}")
        imgs = p["images"]
        allowed = {f"images/products/{pid}.svg", f"images/products/{pid}-2.svg", f"images/products/{pid}-3.svg"}
        if not 1 <= len(imgs) <= 3 or len(set(imgs)) != len(imgs) or imgs[0] != f"images/products/{pid}.svg" \
                or not set(imgs) <= allowed:
            err(f"{pid}: images {imgs}")
        try:
            ts = dt.datetime.strptime(p["createdAt"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
            if not lo <= ts <= hi:
                err(f"{pid}: createdAt {p['createdAt']} out of range")
        except ValueError:
            err(f"{pid}: createdAt {p['createdAt']!r} not ISO-8601 UTC")

    per_cat = Counter(p["categoryId"] for p in prods)
    for cid in cat_ids:
        if per_cat[cid] < 5:
            err(f"category {cid} has only {per_cat[cid]} products")
    sold_out = [p["id"] for p in prods if p["stock"] == 0]
    low = [p["id"] for p in prods if 1 <= p["stock"] <= 5]
    if not sold_out:
        err("expected at least one sold-out product, to show that state")
    if len(low) < 2:
        err(f"expected a few low-stock products, got {low}")
    serums = [p for p in prods if "serum" in fold(p["name"]).split() or "serum" in p["tags"]]
    if len(serums) < 8 or len({p["categoryId"] for p in serums}) < 3:
        err("need >= 8 serum products across >= 3 categories")
    if len({p["price"] for p in serums}) != len(serums):
        err("serum prices must differ")
    brands = sorted({p["brand"] for p in prods})
    accented_brands = [b for b in brands if fold(b) != b.lower()]
    accented_names = [p["name"] for p in prods if fold(p["name"]) != p["name"].lower()]
    if not 15 <= len(brands) <= 25 or len(accented_brands) < 2 or len(accented_names) < 2:
        err("brand/accent coverage too small")

    # ---- images
    referenced = {c["image"] for c in cats} | {i for p in prods for i in p["images"]}
    on_disk = {f.relative_to(SEED).as_posix() for f in (SEED / "images").rglob("*") if f.is_file()}
    for rel in sorted(referenced - on_disk):
        err(f"missing image {rel}")
    for rel in sorted(on_disk - referenced):
        err(f"unreferenced image file {rel}")
    total = 0
    for rel in sorted(referenced & on_disk):
        f = SEED / rel
        size = f.stat().st_size
        total += size
        if size >= 4096:
            err(f"{rel}: {size} bytes (>= 4 KB)")
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError as e:
            err(f"{rel}: invalid XML: {e}")
            continue
        if root.tag != "{http://www.w3.org/2000/svg}svg" or root.get("viewBox") != "0 0 400 400" \
                or root.get("width") != "400" or root.get("height") != "400":
            err(f"{rel}: not a 400x400 SVG")
    gen = subprocess.run([sys.executable, str(SEED / "tools/draw_images.py"), "--check"],
                         capture_output=True, text=True)
    if gen.returncode != 0:
        err("draw_images.py --check failed:\n" + gen.stderr)

    # ---- report
    print("products per category:")
    for c in sorted(cats, key=lambda c: c["sortOrder"]):
        print(f"  {c['id']:<18} {per_cat[c['id']]}")
    print(f"total products: {len(prods)}, brands: {len(brands)}")
    print("serum products:")
    for p in serums:
        print(f"  {p['id']:<36} {p['price']:>7.2f}  {p['categoryId']}")
    print(f"sold out: {', '.join(sold_out)}")
    print(f"low stock (1-5): {', '.join(low)}")
    print(f"accented brands: {', '.join(accented_brands)}")
    print(f"accented names: {', '.join(accented_names)}")
    print(f"images: {len(referenced)} files, {total} bytes")
    if errors:
        print(f"\nFAILED with {len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  - " + e, file=sys.stderr)
        return 1
    print("\nOK: catalog is valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
