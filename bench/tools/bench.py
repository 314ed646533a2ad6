#!/usr/bin/env python3
"""Helpers for bench/run (standard library only).

  bench.py shopper --emulator URL --settings FILE      sign a new shopper up in the emulator's Cognito; print the access token
  bench.py coldstart --backend NAME --service-url URL --runs N --out FILE --variant NAME=COMMAND [...]
                                                       exec -> first 200 on /health, then on GET /api/products, interleaved
  bench.py report --raw DIR --out FILE                 render bench/results/<date>.md from the raw JSON files
"""
import argparse
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid


# ---------------------------------------------------------------- shopper
def cognito(emulator, action, payload):
    request = urllib.request.Request(
        emulator.rstrip("/") + "/", data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"AWSCognitoIdentityProviderService.{action}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def shopper(args):
    with open(args.settings) as f:
        client_id = json.load(f)["BStore"]["Cognito"]["ClientId"]
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    password = "Lipstick-Red-42"
    cognito(args.emulator, "SignUp", {"ClientId": client_id, "Username": email, "Password": password,
                                      "UserAttributes": [{"Name": "email", "Value": email}]})
    cognito(args.emulator, "ConfirmSignUp", {"ClientId": client_id, "Username": email, "ConfirmationCode": "123456"})
    result = cognito(args.emulator, "InitiateAuth", {"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                                                     "AuthParameters": {"USERNAME": email, "PASSWORD": password}})
    print(result["AuthenticationResult"]["AccessToken"])


# ---------------------------------------------------------------- cold start
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(port, path):
    """One GET on a fresh connection; the status code, or None when nothing listens yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None
    except (ConnectionRefusedError, ConnectionResetError):
        return None


def wait_for_200(port, path, started_ns, process, deadline_s=60):
    while True:
        if http_status(port, path) == 200:
            return (time.perf_counter_ns() - started_ns) / 1e6
        if process.poll() is not None:
            raise RuntimeError(f"the API exited with {process.returncode} before {path} answered 200")
        if (time.perf_counter_ns() - started_ns) / 1e9 > deadline_s:
            raise RuntimeError(f"{path} did not answer 200 within {deadline_s} s")
        time.sleep(0.0005)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cold_once(command, service_url, log):
    port = free_port()
    env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{port}", BStore__Aws__ServiceUrl=service_url)
    argv = shlex.split(command)
    # run where the binary (or the JIT build's dll) lives, as the API reads appsettings.json from there
    cwd = next(os.path.dirname(a) for a in argv if "/" in a and os.path.isfile(a))
    started = time.perf_counter_ns()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    try:
        health = wait_for_200(port, "/health", started, process)
        products = wait_for_200(port, "/api/products", started, process)
        return {"health_ms": round(health, 2), "products_ms": round(products, 2), "rss_kb": rss_kb(process.pid)}
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def coldstart(args):
    variants = dict(v.split("=", 1) for v in args.variant)
    results = {name: [] for name in variants}
    with open(args.log, "ab") as log:
        for name, command in variants.items():  # one discarded run each: page cache, first-run effects
            cold_once(command, args.service_url, log)
        for i in range(args.runs):
            order = list(variants.items())
            if i % 2:
                order.reverse()  # alternate who goes first
            for name, command in order:
                results[name].append(cold_once(command, args.service_url, log))
    summary = {"backend": args.backend, "runs": args.runs, "variants": results}
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=1)
    for name, runs in results.items():
        print(f"  {args.backend:8} {name:10} /health median {statistics.median(r['health_ms'] for r in runs):8.1f} ms"
              f"   /api/products median {statistics.median(r['products_ms'] for r in runs):8.1f} ms")


# ---------------------------------------------------------------- report
def load(raw, name):
    path = os.path.join(raw, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def aggregate(rows):
    """Rows of repeated wrk runs -> one row per (label, connections): medians of each figure, errors summed."""
    groups = {}
    for r in rows:
        groups.setdefault((r["label"], r["connections"]), []).append(r)
    result = []
    for (label, connections), runs in groups.items():
        row = {"label": label, "connections": connections, "reps": len(runs),
               "errors": {k: sum(r["errors"][k] for r in runs) for k in runs[0]["errors"]}}
        # + the Server-Timing percentiles bstore.lua adds with BENCH_SERVER_TIMING=1
        timing = ("app_p50_ms", "app_p90_ms", "app_p99_ms", "dynamodb_p50_ms", "dynamodb_p99_ms") if "app_p99_ms" in runs[0] else ()
        for key in ("rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", *timing):
            row[key] = statistics.median(r[key] for r in runs)
        result.append(row)
    return result


def verdict(ok):
    return "**met**" if ok else "**missed**"


def mb(kb):
    return f"{kb / 1024:.1f} MB"


def report(args):
    raw = args.raw
    meta = load(raw, "meta.json") or {}
    lines = []
    out = lines.append
    missed = []
    out(f"# Benchmark run {meta.get('date', '?')}")
    out("")
    out(f"Commit `{meta.get('commit', '?')}`; {meta.get('machine', '')}. "
        f"Load average before the run: {meta.get('load_before', '?')}, after: {meta.get('load_after', '?')}. "
        f"Total run time of `bash bench/run`: {meta.get('total_seconds', '?')} s (builds: {meta.get('build_seconds', '?')} s).")
    out("")
    out(meta.get("note", ""))
    out("")
    out("Every comparison below was measured side by side in this one run; read the ratios, not the absolute times "
        "(see bench/README.md). Latencies are milliseconds.")
    out("")

    # 1. cold start
    out("## 1. Cold start proxy (exec → first 200)")
    out("")
    for backend_file, title in (("coldstart-moto.json", "DynamoDB = moto (the issue's definition)"),
                                ("coldstart-standin.json", "DynamoDB = the benchmark stand-in (API's own start-up, no emulator latency)")):
        data = load(raw, backend_file)
        if not data:
            continue
        v = data["variants"]
        out(f"### {title}, {data['runs']} interleaved runs each")
        out("")
        out("| variant | /health median | /health p90 | GET /api/products median | p90 | RSS at that moment (median) |")
        out("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, runs in v.items():
            h = [r["health_ms"] for r in runs]
            p = [r["products_ms"] for r in runs]
            out(f"| {name} | {statistics.median(h):.1f} | {pct(h, 90):.1f} | {statistics.median(p):.1f} | {pct(p, 90):.1f} | "
                f"{mb(statistics.median(r['rss_kb'] for r in runs))} |")
        out("")
        if "aot" in v and "jit" in v:
            med = lambda name, key: statistics.median(r[key] for r in v[name])
            rh = med("aot", "health_ms") / med("jit", "health_ms")
            rp = med("aot", "products_ms") / med("jit", "products_ms")
            ap = med("aot", "products_ms")
            out("| figure | measured | target | verdict |")
            out("| --- | ---: | ---: | --- |")
            out(f"| AOT / JIT, /health (medians) | {rh:.2f} (JIT/AOT = {1 / rh:.1f}×) | ≤ 0.20 | {verdict(rh <= 0.2)} |")
            out(f"| AOT / JIT, first GET /api/products (medians) | {rp:.2f} (JIT/AOT = {1 / rp:.1f}×) | ≤ 0.20 | {verdict(rp <= 0.2)} |")
            out(f"| AOT first catalog response after exec (median) | {ap:.1f} ms | ≤ 100 ms | {verdict(ap <= 100)} |")
            out("")
            if backend_file == "coldstart-moto.json":
                if rh > 0.2: missed.append(f"cold start AOT/JIT /health = {rh:.2f} (moto)")
                if rp > 0.2: missed.append(f"cold start AOT/JIT products = {rp:.2f} (moto)")
                if ap > 100: missed.append(f"AOT first catalog response {ap:.0f} ms (moto)")

    # 2. warm
    out("## 2. Warm request cost (wrk)")
    out("")
    out(meta.get("warm_note", ""))
    out("")
    for name, title in (("warm-standin-aot.json", "Native AOT (shipped artifact), DynamoDB stand-in"),
                        ("warm-standin-jit.json", "JIT, DynamoDB stand-in"),
                        ("warm-moto-aot.json", "Native AOT, DynamoDB = moto (emulator-bound; not the API's cost)")):
        data = load(raw, name)
        if not data:
            continue
        data = aggregate(data)
        out(f"### {title}")
        out("")
        out(f"Medians of {data[0]['reps']} run(s) per row" + (" (runs of the API and of the bare baseline alternate)." if "standin" in name else "."))
        out("")
        out("| request | conns | req/s | p50 | p90 | p99 | non-2xx/errors | vs bare: req/s | vs bare: p99 |")
        out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        base = {r["connections"]: r for r in data if r["label"].startswith("bare")}
        for r in data:
            errs = sum(r["errors"].values())
            vs_rps = vs_p99 = ""
            b = base.get(r["connections"])
            if b and r["label"].startswith("GET /api/products"):
                vs_rps = f"{r['rps'] / b['rps']:.2f}"
                vs_p99 = f"{r['p99_ms'] / b['p99_ms']:.2f}×"
            out(f"| {r['label']} | {r['connections']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | "
                f"{errs} | {vs_rps} | {vs_p99} |")
        out("")
        if "standin" in name:
            out("| target | measured | verdict |")
            out("| --- | --- | --- |")
            variant = name.split("-")[-1].split(".")[0].upper()
            for r in data:
                b = base.get(r["connections"])
                if b and r["label"].startswith("GET /api/products"):
                    ok_rps = r["rps"] >= 0.5 * b["rps"]
                    ok_p99 = r["p99_ms"] <= 2 * b["p99_ms"]
                    out(f"| {r['label']} @{r['connections']}: req/s ≥ 50% of bare | {100 * r['rps'] / b['rps']:.0f}% | {verdict(ok_rps)} |")
                    out(f"| {r['label']} @{r['connections']}: p99 ≤ 2× bare | {r['p99_ms'] / b['p99_ms']:.2f}× ({r['p99_ms']:.2f} vs {b['p99_ms']:.2f} ms) | {verdict(ok_p99)} |")
                    if variant == "AOT":
                        if not ok_rps: missed.append(f"{r['label']} @{r['connections']} AOT req/s {100 * r['rps'] / b['rps']:.0f}% of bare")
                        if not ok_p99: missed.append(f"{r['label']} @{r['connections']} AOT p99 {r['p99_ms'] / b['p99_ms']:.2f}× bare")
                if r["label"].startswith("PUT") and r["connections"] == 1:
                    out(f"| PUT @1 conn, whole request incl. its 2 stand-in round trips (context for the overhead below) | p99 {r['p99_ms']:.2f} ms | |")
            out("")
    overhead = load(raw, "overhead-aot.json")
    if overhead:
        overhead = aggregate(overhead)
        out("### A cart write's own overhead (Native AOT, stand-in, 1 connection)")
        out("")
        out("With `BStore__Diagnostics__CountDynamoDbCalls=true` the API splits each answer's time in a `Server-Timing` header: "
            "`dynamodb` is the time inside its DynamoDB calls (each attempt, as the SDK pipeline runs it after its retry handler: "
            "signing, the HTTP exchange, unmarshalling), `app` the rest of the request up to its response headers. Percentiles over "
            f"every answer; medians of {overhead[0]['reps']} runs.")
        out("")
        out("| request | req/s | whole request p50 / p99 (wrk) | app p50 | app p90 | app p99 | dynamodb p50 / p99 |")
        out("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in overhead:
            out(f"| {r['label']} | {r['rps']:.0f} | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} | {r['app_p50_ms']:.2f} | {r['app_p90_ms']:.2f} | "
                f"{r['app_p99_ms']:.2f} | {r['dynamodb_p50_ms']:.2f} / {r['dynamodb_p99_ms']:.2f} |")
        out("")
        put = next((r for r in overhead if r["label"].startswith("PUT")), None)
        if put:
            ok = put["app_p99_ms"] <= 2
            out("| target | measured | verdict |")
            out("| --- | --- | --- |")
            out(f"| a cart write's own overhead (excluding DynamoDB time) p99 ≤ 2 ms | {put['app_p99_ms']:.2f} ms (p50 {put['app_p50_ms']:.2f}) | {verdict(ok)} |")
            out("")
            if not ok: missed.append(f"cart write own overhead p99 {put['app_p99_ms']:.2f} ms (AOT, stand-in)")
    stats = load(raw, "standin-stats.json")
    if stats:
        out(f"Stand-in after the run: {stats.get('recorded')} recorded answers, {stats.get('hits')} replayed reads, "
            f"{stats.get('writes')} absorbed writes, {stats.get('misses')} misses (forwarded to moto; should be 0).")
        out("")

    # 3. memory
    out("## 3. Memory (VmRSS from /proc/PID/status)")
    out("")
    out("| variant | after start (first /health 200) | after ≥ 10,000 requests (mix of the 4 requests) | anonymous / file-backed (last reading) | after all wrk runs | peak (VmHWM) | target |")
    out("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for variant in ("aot", "jit", "aot-wksgc"):
        m = load(raw, f"memory-{variant}.json")
        if not m:
            continue
        target = ""
        if variant == "aot":
            ok = m["after_10k_kb"] <= 40 * 1024 and m["start_kb"] <= 40 * 1024
            target = f"≤ 40 MB: {verdict(ok)}"
            if not ok: missed.append(f"AOT RSS {mb(m['start_kb'])} after start / {mb(m['after_10k_kb'])} after 10k")
        name = {"aot": "Native AOT (as shipped: Server GC)", "jit": "JIT (Server GC)", "aot-wksgc": "Native AOT, DOTNET_gcServer=0 (workstation GC)"}[variant]
        after_all = mb(m["after_all_kb"]) if "after_all_kb" in m else "(not run)"
        split = f"{mb(m['anon_kb'])} / {mb(m['file_kb'])}" if "anon_kb" in m else ""
        out(f"| {name} | {mb(m['start_kb'])} | {mb(m['after_10k_kb'])} ({m.get('mix_requests', '?')} requests) | {split} | {after_all} | {mb(m['hwm_kb'])} | {target} |")
    out("")
    alloc = load(raw, "allocations.json")
    if alloc:
        out(alloc.get("note", ""))
        out("")
        if alloc.get("rows"):
            out("| request (JIT, stand-in) | bytes allocated per request |")
            out("| --- | ---: |")
            for r in alloc["rows"]:
                out(f"| {r['label']} | {r['bytes_per_request']:,.0f} |")
            out("")
    else:
        out("Allocations per request: not measured in this run (see bench/README.md).")
        out("")

    # 4. optimization preference
    opt = load(raw, "optimization.json")
    out("## 4. Native AOT OptimizationPreference")
    out("")
    if opt:
        cold = opt.get("coldstart", {}).get("variants", {})
        out("| setting | binary | deploy zip (`zip -9`: bootstrap + appsettings + seed-data) | binary alone, zipped | cold start /health median | first GET /api/products median | GET /api/products @32 req/s |")
        out("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, s in opt["sizes"].items():
            runs = cold.get(name, [])
            h = f"{statistics.median(r['health_ms'] for r in runs):.1f}" if runs else ""
            p = f"{statistics.median(r['products_ms'] for r in runs):.1f}" if runs else ""
            rps = opt.get("rps", {}).get(name)
            out(f"| {name} | {s['binary'] / 1048576:.1f} MB | {s['zip'] / 1048576:.1f} MB | {s['binary_zip'] / 1048576:.1f} MB | {h} | {p} | "
                f"{rps:.0f} |" if rps else f"| {name} | {s['binary'] / 1048576:.1f} MB | {s['zip'] / 1048576:.1f} MB | {s['binary_zip'] / 1048576:.1f} MB | {h} | {p} | |")
        out("")
        out(opt.get("note", ""))
    else:
        out("Not measured in this run (`bash bench/run --optimization` adds it).")
    out("")

    out("## Targets missed")
    out("")
    if missed:
        for m in missed:
            out(f"- {m}")
    else:
        out("- none")
    out("")
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(f"missed: {m}" for m in missed) or "all targets met")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("shopper")
    p.add_argument("--emulator", required=True)
    p.add_argument("--settings", required=True)
    p = sub.add_parser("coldstart")
    p.add_argument("--backend", required=True)
    p.add_argument("--service-url", required=True)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--out", required=True)
    p.add_argument("--log", default="/dev/null")
    p.add_argument("--variant", action="append", required=True)
    p = sub.add_parser("report")
    p.add_argument("--raw", required=True)
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    {"shopper": shopper, "coldstart": coldstart, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
