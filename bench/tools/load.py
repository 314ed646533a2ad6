#!/usr/bin/env python3
"""The load scenario of issue 8 (bench/load runs it; standard library only).

  load.py run --api URL --emulator URL --settings FILE --api-pid PID --minutes M --out FILE [--shoppers N]
      signs shoppers up, records every product's stock, finds the concurrency by a short ramp (unless --shoppers),
      runs the mixed shopper workload for M minutes, drains the order workflows, reconciles orders and stock;
      writes every figure to FILE (JSON)
  load.py report --raw FILE --meta FILE --out FILE
      renders bench/results/<date>-load.md; exits 1 when a requirement fails

Virtual shoppers are threads, each with its own keep-alive connection and its own Cognito user; a shopper sends its
next request as soon as the last one is answered (closed loop), so the request rate is what the API and the
emulator behind it sustain at that concurrency.
"""
import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (cognito(), rss_kb(), pct())

KEEP_ALIVE_REUSE_S = 60  # Kestrel closes a keep-alive connection after 130 s idle; one idle longer than this is not reused
TIMEOUT_S = 30  # the client's patience; the API answers 503 itself after RequestTimeoutSeconds (10 s)
TERMINAL = {"delivered", "cancelled"}
ADDRESS = {"fullName": "Load Shopper", "line1": "1 Rue du Test", "city": "Lyon", "postalCode": "69001", "country": "FR"}

# What each kind of request may answer besides a 2xx, when all is well (anything else is "unexpected").
EXPECTED_4XX = {
    "cart_put": {409},          # more than in stock, or a full cart
    "wishlist_put": {409},      # a full wishlist
    "wishlist_move": {404, 409},  # not in the wishlist any more; more than in stock
    "checkout": {409},          # empty cart, lines beyond the stock left, checkout busy (retried)
    "cancel": {409},            # too late (shipped), or busy
}

# The workload: kind -> weight (per cent of a shopper's actions).
MIX = [
    ("browse", 22), ("search", 10), ("categories", 3), ("product", 14),
    ("cart_get", 7), ("cart_put", 12), ("cart_delete", 4),
    ("wishlist_get", 2), ("wishlist_put", 5), ("wishlist_delete", 2), ("wishlist_move", 3),
    ("checkout", 7), ("orders", 5), ("order_get", 2), ("cancel", 2),
]


def percentile(values, p):
    return round(bench.pct(values, p), 1) if values else None


class Recorder:
    """Per-thread samples: (monotonic end time, kind, status, latency ms); 0 = no answer (timeout, reset)."""

    def __init__(self):
        self.samples = []
        self.unexpected = []


class Client:
    def __init__(self, base, token=None):
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.token = token
        self.conn = None
        self.idle_since = 0.0
        self.last_error = None

    def request(self, method, path, body=None, headers=None):
        """-> (status, parsed JSON or None, headers dict, latency ms); status 0 when no answer came."""
        all_headers = {"Accept": "application/json"}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        elif method in ("PUT", "POST"):
            all_headers["Content-Length"] = "0"
        all_headers.update(headers or {})
        started = time.perf_counter()
        if self.conn is not None and started - self.idle_since > KEEP_ALIVE_REUSE_S:
            self.close()  # the API may have closed it meanwhile: a request sent on it would fail without reaching the API
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
            self.conn.request(method, path, body=data, headers=all_headers)
            response = self.conn.getresponse()
            raw = response.read()
            latency = (time.perf_counter() - started) * 1000
            self.idle_since = time.perf_counter()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            parsed = None
            if raw and (response.getheader("Content-Type") or "").find("json") >= 0:
                try:
                    parsed = json.loads(raw)
                except ValueError:
                    parsed = None
            return response.status, parsed, {k.lower(): v for k, v in response.getheaders()}, latency
        except (OSError, http.client.HTTPException) as e:
            self.last_error = repr(e)
            self.close()
            return 0, None, {}, (time.perf_counter() - started) * 1000

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None


class Run:
    """State shared by the shoppers: the phase, how many may run, the catalog they pick from."""

    def __init__(self, api, catalog, categories, words):
        self.api = api
        self.catalog = catalog  # product ids
        self.categories = categories
        self.words = words
        self.phase = "setup"
        self.active = 0
        self.stop = False


class Shopper(threading.Thread):
    def __init__(self, index, email, token, run, seed):
        super().__init__(name=f"shopper-{index}", daemon=True)
        self.index, self.email, self.token, self.run_state = index, email, token, run
        self.client = Client(run.api, token)
        self.rng = random.Random(seed)
        self.rec = Recorder()
        self.cart = {}  # product id -> quantity, as this shopper believes it
        self.wishlist = set()
        self.placed = []  # order ids this shopper was answered (201/200), in order
        self.checkouts = []  # one record per checkout: key, body, answers, order id, lines
        self.sequence = 0

    # ---------------------------------------------------------------- plumbing
    def call(self, kind, method, path, body=None, headers=None):
        status, parsed, response_headers, latency = self.client.request(method, path, body, headers)
        self.rec.samples.append((time.monotonic(), kind, status, round(latency, 2), self.run_state.phase))
        if status == 0 or status >= 500 or (400 <= status < 500 and status not in EXPECTED_4XX.get(kind, set())):
            if len(self.rec.unexpected) < 20:
                self.rec.unexpected.append({"kind": kind, "method": method, "path": path, "status": status,
                                            "phase": self.run_state.phase, "latency_ms": round(latency, 1),
                                            "body": json.dumps(parsed)[:400] if parsed is not None else None})
        return status, parsed, response_headers

    def product(self):
        return self.rng.choice(self.run_state.catalog)

    def run(self):
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        while not self.run_state.stop:
            if self.index >= self.run_state.active:
                time.sleep(0.1)
                continue
            kind = self.rng.choices(kinds, weights)[0]
            getattr(self, "do_" + kind)()
        self.client.close()

    # ---------------------------------------------------------------- catalog
    def do_browse(self):
        query = {"sort": self.rng.choice(["name", "price_asc", "price_desc", "newest", "rating"]),
                 "limit": str(self.rng.choice([10, 20, 50]))}
        if self.rng.random() < 0.6:
            query["category"] = self.rng.choice(self.run_state.categories)
        if self.rng.random() < 0.2:
            query["minPrice"], query["maxPrice"] = "5", str(self.rng.choice([20, 40, 80]))
        status, page, _ = self.call("browse", "GET", "/api/products?" + urllib.parse.urlencode(query))
        pages = 1
        while status == 200 and page and page.get("nextCursor") and pages < 3 and self.rng.random() < 0.5:
            query["cursor"] = page["nextCursor"]
            status, page, _ = self.call("browse", "GET", "/api/products?" + urllib.parse.urlencode(query))
            pages += 1

    def do_search(self):
        query = {"q": self.rng.choice(self.run_state.words)}
        if self.rng.random() < 0.3:
            query["sort"] = self.rng.choice(["price_asc", "rating"])
        self.call("search", "GET", "/api/products?" + urllib.parse.urlencode(query))

    def do_categories(self):
        self.call("categories", "GET", "/api/categories")

    def do_product(self):
        self.call("product", "GET", f"/api/products/{self.product()}")

    # ---------------------------------------------------------------- cart
    def do_cart_get(self):
        status, cart, _ = self.call("cart_get", "GET", "/api/cart")
        if status == 200 and cart is not None:
            self.cart = {line["productId"]: line["quantity"] for line in cart.get("lines", [])}

    def do_cart_put(self):
        if len(self.cart) >= 5:
            return self.do_cart_delete()
        product = self.rng.choice(list(self.cart)) if self.cart and self.rng.random() < 0.3 else self.product()
        quantity = self.rng.choice([1, 1, 1, 2, 2, 3])
        status, _, _ = self.call("cart_put", "PUT", f"/api/cart/items/{product}", {"quantity": quantity})
        if status in (200, 204):
            self.cart[product] = quantity

    def do_cart_delete(self):
        if not self.cart:
            return self.do_cart_get()
        product = self.rng.choice(list(self.cart))
        status, _, _ = self.call("cart_delete", "DELETE", f"/api/cart/items/{product}")
        if status in (200, 204):
            self.cart.pop(product, None)

    # ---------------------------------------------------------------- wishlist
    def do_wishlist_get(self):
        status, wishlist, _ = self.call("wishlist_get", "GET", "/api/wishlist")
        if status == 200 and wishlist is not None:
            self.wishlist = {item["productId"] for item in wishlist.get("items", [])}

    def do_wishlist_put(self):
        if len(self.wishlist) >= 8:
            return self.do_wishlist_delete()
        product = self.product()
        status, _, _ = self.call("wishlist_put", "PUT", f"/api/wishlist/{product}")
        if status in (200, 201, 204):
            self.wishlist.add(product)

    def do_wishlist_delete(self):
        if not self.wishlist:
            return self.do_wishlist_put()
        product = self.rng.choice(sorted(self.wishlist))
        status, _, _ = self.call("wishlist_delete", "DELETE", f"/api/wishlist/{product}")
        if status in (200, 204):
            self.wishlist.discard(product)

    def do_wishlist_move(self):
        if not self.wishlist or len(self.cart) >= 5:
            return self.do_wishlist_put()
        product = self.rng.choice(sorted(self.wishlist))
        status, moved, _ = self.call("wishlist_move", "POST", f"/api/wishlist/{product}/move-to-cart")
        if status == 200:
            self.wishlist.discard(product)
            self.cart[product] = (moved or {}).get("quantity", self.cart.get(product, 0) + 1)
        elif status == 404:
            self.wishlist.discard(product)

    # ---------------------------------------------------------------- orders
    def do_checkout(self):
        if not self.cart:
            return self.do_cart_put()
        self.sequence += 1
        key = f"load-{self.index}-{self.sequence}-{uuid.uuid4().hex[:8]}"
        body = {"shippingAddress": ADDRESS}
        if self.rng.random() < 0.05:
            body["paymentMethod"] = "pm_card_chargeDeclined"  # the workflow cancels it and gives the stock back
        record = {"key": key, "body": body, "answers": [], "orderId": None, "lines": None, "phase": self.run_state.phase}
        self.checkouts.append(record)
        self.place(record, "checkout")

    def place(self, record, kind, attempts=6):
        """POST /api/orders with the record's key and body, retried with the same key on no answer, 503 and
        'checkout busy', as an app would. Sets the record's order id when the order is answered."""
        for attempt in range(attempts):
            status, order, headers = self.call(kind, "POST", "/api/orders", record["body"], {"Idempotency-Key": record["key"]})
            title = (order or {}).get("title")
            record["answers"].append(status if status != 409 else f"409 {title}")
            if status in (200, 201):
                record["orderId"] = order["id"]
                record["lines"] = {line["productId"]: line["quantity"] for line in order["lines"]}
                self.placed.append(order["id"])
                self.cart = {}
                return
            if status == 409 and order and order.get("lines"):
                for line in order["lines"]:  # beyond the stock left: take what is left, or drop the line
                    if line.get("available", 0) > 0:
                        self.call("cart_put", "PUT", f"/api/cart/items/{line['productId']}", {"quantity": line["available"]})
                        self.cart[line["productId"]] = line["available"]
                    else:
                        self.call("cart_delete", "DELETE", f"/api/cart/items/{line['productId']}")
                        self.cart.pop(line["productId"], None)
                return
            if status == 409 and title == "Cart is empty":
                self.cart = {}
                return
            if status in (0, 503) or (status == 409 and title == "Checkout busy"):
                retry_after = float(headers.get("retry-after", 0) or 0)
                time.sleep(max(retry_after, min(8, 0.25 * 2 ** attempt)) * (0.5 + self.rng.random()))
                continue
            return  # anything else is recorded as unexpected

    def do_orders(self):
        self.call("orders", "GET", "/api/orders?limit=10")

    def do_order_get(self):
        if not self.placed:
            return self.do_orders()
        self.call("order_get", "GET", f"/api/orders/{self.rng.choice(self.placed[-5:])}")

    def do_cancel(self):
        if not self.placed or self.rng.random() < 0.5:  # about 1 % of actions
            return self.do_orders()
        self.call("cancel", "POST", f"/api/orders/{self.placed[-1]}/cancel")


# -------------------------------------------------------------------- set-up
def sign_up(emulator, client_id, n):
    shoppers = []
    for _ in range(n):
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        password = "Lipstick-Red-42"
        bench.cognito(emulator, "SignUp", {"ClientId": client_id, "Username": email, "Password": password,
                                           "UserAttributes": [{"Name": "email", "Value": email}]})
        bench.cognito(emulator, "ConfirmSignUp", {"ClientId": client_id, "Username": email, "ConfirmationCode": "123456"})
        result = bench.cognito(emulator, "InitiateAuth", {"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                                                          "AuthParameters": {"USERNAME": email, "PASSWORD": password}})
        shoppers.append((email, result["AuthenticationResult"]["AccessToken"]))
    return shoppers


SETUP_ERRORS = []  # answers other than 200 to the set-up and reconciliation reads (retried), reported with the rest


def must(client, path, what):
    for attempt in range(5):
        status, body, _, _ = client.request("GET", path)
        if status == 200:
            return body
        SETUP_ERRORS.append({"what": what, "path": path, "status": status, "error": client.last_error if status == 0 else None})
        time.sleep(1 + attempt)
    raise SystemExit(f"load.py: {what}: GET {path} answered {status}")


def catalog_ids(client):
    ids, cursor = [], None
    while True:
        page = must(client, "/api/products?limit=100" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""), "catalog")
        ids += [p["id"] for p in page["items"]]
        cursor = page.get("nextCursor")
        if not cursor:
            return ids


def stock_of(client, ids):
    """Every product's stock, each a consistent read (GET /api/products/{id}: availableQuantity)."""
    return {pid: must(client, f"/api/products/{pid}", "stock")["availableQuantity"] for pid in ids}


def list_orders(client):
    orders, cursor = [], None
    while True:
        page = must(client, "/api/orders?limit=50" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""), "order list")
        orders += page["items"]
        cursor = page.get("nextCursor")
        if not cursor:
            return orders


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RssSampler(threading.Thread):
    """The API's VmRSS, and the CPU time of the API and of the emulator, every few seconds."""

    def __init__(self, pid, emulator_pid, run, every):
        super().__init__(name="rss", daemon=True)
        self.pid, self.emulator_pid, self.run_state, self.every = pid, emulator_pid, run, every
        self.samples = []  # (monotonic, phase, kb)
        self.cpu = []  # (monotonic, api cpu s, emulator cpu s)
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            try:
                now = time.monotonic()
                self.samples.append((now, self.run_state.phase, bench.rss_kb(self.pid)))
                self.cpu.append((now, cpu_seconds(self.pid), cpu_seconds(self.emulator_pid) if self.emulator_pid else 0.0))
            except OSError:
                return
            self.done.wait(self.every)

    def busy(self, since, until):
        """(API, emulator) CPU use between two times, in % of one core."""
        inside = [c for c in self.cpu if since - self.every <= c[0] <= until + self.every]
        if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
            return None, None
        span = inside[-1][0] - inside[0][0]
        return (round(100 * (inside[-1][1] - inside[0][1]) / span), round(100 * (inside[-1][2] - inside[0][2]) / span))


def emulator_tables(emulator):
    """{table name: item count} in the emulator (DynamoDB's JSON protocol; the emulator checks no signature)."""
    def call(action, payload):
        request = urllib.request.Request(emulator.rstrip("/") + "/", data=json.dumps(payload).encode(), method="POST", headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"DynamoDB_20120810.{action}",
            "Authorization": "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())
    try:
        return {name: call("DescribeTable", {"TableName": name})["Table"].get("ItemCount")
                for name in call("ListTables", {})["TableNames"]}
    except (OSError, ValueError, KeyError) as error:
        return {"error": repr(error)}


def window_stats(samples, since, until):
    chosen = [s for s in samples if since <= s[0] < until]
    latencies = [s[3] for s in chosen]
    return {"requests": len(chosen), "rps": round(len(chosen) / max(until - since, 1e-9), 1),
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
            "http5xx": sum(1 for s in chosen if s[2] >= 500), "no_answer": sum(1 for s in chosen if s[2] == 0)}


# -------------------------------------------------------------------- run
def run(args):
    with open(args.settings) as f:
        client_id = json.load(f)["BStore"]["Cognito"]["ClientId"]
    anonymous = Client(args.api)
    started_wall = time.time()
    ids = catalog_ids(anonymous)
    categories = [c["id"] for c in must(anonymous, "/api/categories", "categories")["items"]]
    names = " ".join(must(anonymous, f"/api/products/{pid}", "product")["name"] for pid in ids[:40])
    words = sorted({w.lower().strip(",.-'") for w in names.split() if len(w) > 3})[:60] + ["zzzz", "gl", "vit"]
    stock_start = stock_of(anonymous, ids)
    tables_start = emulator_tables(args.emulator)
    print(f"catalog: {len(ids)} products, {sum(stock_start.values())} in stock; {len(categories)} categories", flush=True)

    max_shoppers = args.shoppers or max(args.ramp)
    t = time.monotonic()
    accounts = sign_up(args.emulator, client_id, max_shoppers)
    print(f"signed up {len(accounts)} shoppers in {time.monotonic() - t:.1f} s", flush=True)

    state = Run(args.api, ids, categories, words)
    shoppers = [Shopper(i, email, token, state, seed=args.seed * 1000 + i) for i, (email, token) in enumerate(accounts)]
    for s in shoppers:
        s.start()
    rss = RssSampler(args.api_pid, args.emulator_pid, state, min(args.rss_every, 2.5))
    rss.start()

    def all_samples():
        return [x for s in shoppers for x in list(s.rec.samples)]

    # ---- ramp: more shoppers until throughput stops growing or the tail degrades
    ramp = []
    if args.shoppers:
        chosen, how = args.shoppers, f"fixed with --shoppers {args.shoppers} (no ramp)"
    else:
        state.phase = "ramp"
        for level in args.ramp:
            state.active = level
            time.sleep(args.ramp_seconds * 0.25)  # the new shoppers' first requests, queues settling
            since = time.monotonic()
            time.sleep(args.ramp_seconds * 0.75)
            until = time.monotonic()
            row = dict(window_stats(all_samples(), since, until), shoppers=level)
            row["api_cpu_pct"], row["emulator_cpu_pct"] = rss.busy(since, until)
            ramp.append(row)
            print(f"ramp {level:3} shoppers: {row['rps']:7.1f} req/s  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  "
                  f"5xx {row['http5xx']}  no answer {row['no_answer']}  CPU API {row['api_cpu_pct']} % emulator {row['emulator_cpu_pct']} %",
                  flush=True)
            if row["http5xx"] or row["no_answer"] or (row["p99_ms"] or 0) > args.p99_limit_ms:
                break
        chosen, how = choose(ramp, args)
        print(f"chosen: {chosen} shoppers ({how})", flush=True)

    # ---- the measured run
    state.active = chosen
    state.phase = "main"
    main_started = time.monotonic()
    main_started_wall = time.time()
    minute = 0
    while time.monotonic() - main_started < args.minutes * 60:
        time.sleep(min(60, args.minutes * 60 - (time.monotonic() - main_started)))
        minute += 1
        w = window_stats(all_samples(), main_started + (minute - 1) * 60, main_started + minute * 60)
        api_cpu, emulator_cpu = rss.busy(main_started + (minute - 1) * 60, main_started + minute * 60)
        print(f"minute {minute:2}: {w['rps']:6.1f} req/s  p50 {w['p50_ms']} ms  p99 {w['p99_ms']} ms  5xx {w['http5xx']}  "
              f"no answer {w['no_answer']}  RSS {rss.samples[-1][2] / 1024:.1f} MB  CPU API {api_cpu} % emulator {emulator_cpu} %",
              flush=True)
    main_ended = time.monotonic()
    state.phase = "drain"
    state.stop = True
    for s in shoppers:
        s.join(TIMEOUT_S * 8)
    print("shoppers stopped; reconciling", flush=True)

    # ---- reconcile: unanswered checkouts retried with their key; every order once; stock
    clients = {s.index: Client(args.api, s.token) for s in shoppers}
    unanswered = [(s, c) for s in shoppers for c in s.checkouts if c["orderId"] is None and not any(
        isinstance(a, str) and a.startswith("409 ") and a != "409 Checkout busy" for a in c["answers"])]
    recovered = []
    for s, c in unanswered:
        clients[s.index].request("DELETE", "/api/cart")  # so that a key never used places nothing now
        s.place(c, "checkout_retry")
        recovered.append({"key": c["key"], "answers": c["answers"], "orderId": c["orderId"]})

    drain_started = time.monotonic()
    while True:
        lists = {s.index: list_orders(clients[s.index]) for s in shoppers}
        in_flight = sum(1 for orders in lists.values() for o in orders if o["status"] not in TERMINAL)
        if in_flight == 0 or time.monotonic() - drain_started > args.drain_seconds:
            break
        time.sleep(5)
    drain_seconds = round(time.monotonic() - drain_started, 1)
    print(f"drain: {in_flight} orders still in flight after {drain_seconds} s", flush=True)

    problems = []
    consumed = {pid: 0 for pid in ids}
    statuses, payments = {}, {}
    orders_total = 0
    for s in shoppers:
        listed = [o["id"] for o in lists[s.index]]
        answered = {}  # order id -> keys that were answered with it
        for c in s.checkouts:
            if c["orderId"]:
                answered.setdefault(c["orderId"], set()).add(c["key"])
        if len(set(listed)) != len(listed):
            problems.append(f"shopper {s.index}: an order appears twice in the list")
        for oid, keys in answered.items():
            if len(keys) > 1:
                problems.append(f"shopper {s.index}: order {oid} answered to {len(keys)} different keys")
            if oid not in listed:
                problems.append(f"shopper {s.index}: order {oid} was answered but is not in the order list (lost)")
        for oid in listed:
            if oid not in answered:
                problems.append(f"shopper {s.index}: order {oid} is in the list but no checkout was answered with it (duplicate or ghost)")
        by_id = {c["orderId"]: c for c in s.checkouts if c["orderId"]}
        for oid in listed:
            order = must(clients[s.index], f"/api/orders/{oid}", "order")
            orders_total += 1
            statuses[order["status"]] = statuses.get(order["status"], 0) + 1
            payments[order["paymentStatus"]] = payments.get(order["paymentStatus"], 0) + 1
            lines = {line["productId"]: line["quantity"] for line in order["lines"]}
            if (order["status"], order["paymentStatus"]) in (("cancelled", "paid"), ("delivered", "pending"), ("delivered", "refunded")):
                problems.append(f"shopper {s.index}: order {oid} is {order['status']} with payment {order['paymentStatus']}")
            if oid in by_id and by_id[oid]["lines"] != lines:
                problems.append(f"shopper {s.index}: order {oid} lines differ from its checkout answer")
            if order["status"] != "cancelled":
                for pid, q in lines.items():
                    consumed[pid] = consumed.get(pid, 0) + q
    stock_end = stock_of(anonymous, ids)
    tables_end = emulator_tables(args.emulator)
    mismatches = [{"product": pid, "start": stock_start[pid], "end": stock_end[pid], "consumed_by_orders": consumed[pid]}
                  for pid in ids if stock_start[pid] - stock_end[pid] != consumed[pid]]
    rss.done.set()
    rss.join()

    # ---- figures
    samples = all_samples()
    main = [x for x in samples if main_started <= x[0] <= main_ended and x[4] == "main"]
    kinds = {}
    for x in main:
        kinds.setdefault(x[1], []).append(x)
    def summary(rows):
        lat = [r[3] for r in rows]
        codes = {}
        for r in rows:
            codes[str(r[2])] = codes.get(str(r[2]), 0) + 1
        return {"requests": len(rows), "p50_ms": percentile(lat, 50), "p90_ms": percentile(lat, 90),
                "p99_ms": percentile(lat, 99), "max_ms": round(max(lat), 1) if lat else None, "statuses": codes,
                "unexpected": sum(1 for r in rows if r[2] == 0 or r[2] >= 500 or (400 <= r[2] < 500 and r[2] not in EXPECTED_4XX.get(r[1], set())))}
    per_minute = []
    for m in range(int((main_ended - main_started) // 60 + 0.999)):
        since, until = main_started + m * 60, min(main_started + (m + 1) * 60, main_ended)
        row = dict(window_stats(samples, since, until), minute=m + 1)
        row["api_cpu_pct"], row["emulator_cpu_pct"] = rss.busy(since, until)
        per_minute.append(row)
    all_phases = {}
    for x in samples:
        all_phases.setdefault(x[4], []).append(x)
    checkouts = [c for s in shoppers for c in s.checkouts]
    result = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started_wall)),
        "main_started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(main_started_wall)),
        "minutes": args.minutes, "main_seconds": round(main_ended - main_started, 1),
        "shoppers": chosen, "how_chosen": how, "ramp": ramp, "ramp_seconds": args.ramp_seconds, "p99_limit_ms": args.p99_limit_ms,
        "mix": dict(MIX),
        "overall": dict(summary(main), rps=round(len(main) / (main_ended - main_started), 1)),
        "kinds": {k: summary(v) for k, v in sorted(kinds.items())},
        "phases": {k: summary(v) for k, v in all_phases.items()},
        "per_minute": per_minute,
        "unexpected_examples": [u for s in shoppers for u in s.rec.unexpected][:30],
        "setup_errors": SETUP_ERRORS,
        "orders": {
            "checkouts": len(checkouts),
            "answered_with_order": sum(1 for c in checkouts if c["orderId"]),
            "declined_payment_requested": sum(1 for c in checkouts if c["orderId"] and c["body"].get("paymentMethod")),
            "retried": sum(1 for c in checkouts if len(c["answers"]) > 1),
            "unanswered_then_retried": recovered,
            "in_orders_lists": orders_total, "statuses": statuses, "payments": payments,
            "in_flight_after_drain": in_flight, "drain_seconds": drain_seconds, "drain_limit_seconds": args.drain_seconds,
            "problems": problems,
        },
        "stock": {"products": len(ids), "start_total": sum(stock_start.values()), "end_total": sum(stock_end.values()),
                  "consumed_by_orders": sum(consumed.values()), "mismatches": mismatches},
        "emulator_items": {"start": tables_start, "end": tables_end},
        "rss": {"every_seconds": min(args.rss_every, 2.5),
                "samples": [[round(t - main_started, 1), phase, kb] for t, phase, kb in rss.samples]},
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"wrote {args.out}", flush=True)


def choose(ramp, args):
    """The smallest concurrency that reached 90 % of the best clean throughput: more shoppers than that only queue
    (the emulator handles one request at a time), which lengthens the tail without adding throughput."""
    clean = [r for r in ramp if not r["http5xx"] and not r["no_answer"] and (r["p99_ms"] or 0) <= args.p99_limit_ms]
    if not clean:
        return ramp[0]["shoppers"], "no ramp level was clean; the lowest was used"
    best = max(r["rps"] for r in clean)
    pick = next(r for r in clean if r["rps"] >= 0.9 * best)
    return pick["shoppers"], (f"smallest ramp level with >= 90 % of the best clean throughput ({best} req/s); "
                              f"clean = no 5xx, no unanswered request, p99 <= {args.p99_limit_ms} ms")


# -------------------------------------------------------------------- report
def slope_mb_per_min(points):
    """Least squares: points of (seconds, kb) -> MB per minute."""
    if len(points) < 3:
        return None
    xs, ys = [p[0] / 60 for p in points], [p[1] / 1024 for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None


def memory(raw, limit_slope, limit_growth):
    """Flat = no growth trend: the least-squares slope over the whole run within the limit, and the second half's
    peak within limit_growth of the first half's. (A garbage-collected heap saw-tooths: a slope over half a run
    measures where in the tooth the run ended; a leak raises the peaks.)"""
    main = [(t, kb) for t, phase, kb in raw["rss"]["samples"] if phase == "main"]
    length = raw["main_seconds"]
    first_half = [kb / 1024 for t, kb in main if t < length / 2]
    second_half = [kb / 1024 for t, kb in main if t >= length / 2]
    first_minute = [kb for t, kb in main if t < 60]
    last_minute = [kb for t, kb in main if t >= length - 60]
    first, last = statistics.median(first_minute) / 1024, statistics.median(last_minute) / 1024
    whole = slope_mb_per_min(main)
    peak_first, peak_second = max(first_half), max(second_half)
    ok = whole is not None and whole <= limit_slope and peak_second <= peak_first * (1 + limit_growth)
    return {"start_mb": main[0][1] / 1024, "end_mb": main[-1][1] / 1024, "min_mb": min(kb for _, kb in main) / 1024,
            "max_mb": max(kb for _, kb in main) / 1024, "first_minute_median_mb": first, "last_minute_median_mb": last,
            "peak_first_half_mb": peak_first, "peak_second_half_mb": peak_second,
            "slope_whole": whole, "samples": len(main), "ok": ok}


def report(args):
    with open(args.raw) as f:
        raw = json.load(f)
    with open(args.meta) as f:
        meta = json.load(f)
    overall = raw["overall"]
    kinds = raw["kinds"]
    orders = raw["orders"]
    stock = raw["stock"]
    mem = memory(raw, args.rss_slope_limit, args.rss_growth_limit)
    http5xx = sum(n for k in kinds.values() for code, n in k["statuses"].items() if int(code) >= 500)
    http5xx_all = sum(n for k in raw["phases"].values() for code, n in k["statuses"].items() if int(code) >= 500)
    no_answer = sum(k["statuses"].get("0", 0) for k in raw["phases"].values())
    unexpected = sum(k["unexpected"] for k in raw["phases"].values())
    setup_errors = raw.get("setup_errors", [])
    http5xx_all += sum(1 for e in setup_errors if e["status"] >= 500)
    no_answer += sum(1 for e in setup_errors if e["status"] == 0)
    unexpected += sum(1 for e in setup_errors if 0 < e["status"] < 500)
    checks = [
        ("At least 10 minutes of mixed traffic", f"{raw['main_seconds'] / 60:.1f} min at {raw['shoppers']} shoppers, "
         f"{overall['requests']:,} requests ({len(kinds)} kinds)", raw["main_seconds"] >= 600),
        ("At the highest rate the emulator sustains", f"{overall['rps']} req/s; {raw['how_chosen']}", True),
        ("Zero 5xx", f"{http5xx} in the measured run; {http5xx_all} in all phases (set-up, ramp, drain and reconciliation included)",
         http5xx_all == 0),
        ("Every request answered", f"{no_answer} without an answer within {TIMEOUT_S} s; {unexpected} unexpected answers in all",
         no_answer == 0 and unexpected == 0),
        ("Zero lost or duplicated orders", f"{orders['answered_with_order']} checkouts answered with an order, "
         f"{orders['in_orders_lists']} orders in the shoppers' lists; {len(orders['problems'])} problems", not orders["problems"]),
        ("Orders reconcile exactly against stock", f"{stock['products']} products: stock {stock['start_total']} → {stock['end_total']} "
         f"(−{stock['start_total'] - stock['end_total']}), non-cancelled order lines {stock['consumed_by_orders']}; "
         f"{len(stock['mismatches'])} products differ", not stock["mismatches"]),
        ("Order workflows finish (derived: drained before reconciling)", f"{orders['in_flight_after_drain']} orders not delivered or "
         f"cancelled after {orders['drain_seconds']} s of drain", orders["in_flight_after_drain"] == 0),
        ("p99 latency recorded", f"overall p99 {overall['p99_ms']} ms (per kind below)", overall["p99_ms"] is not None),
        ("Resident memory flat", f"slope {mem['slope_whole']:+.2f} MB/min over the run (limit {args.rss_slope_limit:+.1f}); "
         f"peak {mem['peak_first_half_mb']:.1f} MB in the first half, {mem['peak_second_half_mb']:.1f} MB in the second "
         f"(limit +{args.rss_growth_limit:.0%})", mem["ok"]),
    ]
    passed = all(ok for _, _, ok in checks)
    L = []
    L.append(f"# Load scenario — {raw['main_started'][:10]}")
    L.append("")
    L.append(f"`bash bench/load {meta.get('args', '')}`".replace(" `", "`") + f" · commit `{meta['commit']}` · {meta['machine']}")
    L.append(f"Started {raw['started']} (measured run from {raw['main_started']}); load average before {meta['load_before']}, "
             f"after {meta['load_after']}. {meta.get('note', '')}")
    L.append("")
    L.append(f"**Result: {'PASS' if passed else 'FAIL'}**")
    L.append("")
    L.append("## Issue 8 \"Load\" requirements")
    L.append("")
    L.append("| Requirement | Measured | |")
    L.append("| --- | --- | --- |")
    for name, value, ok in checks:
        L.append(f"| {name} | {value} | {'pass' if ok else '**FAIL**'} |")
    L.append("")
    L.append("## Latency and throughput (measured run)")
    L.append("")
    L.append(f"{overall['requests']:,} requests in {raw['main_seconds']:.0f} s = **{overall['rps']} req/s** from "
             f"{raw['shoppers']} virtual shoppers, each sending its next request when the last is answered (no think time).")
    L.append("")
    L.append("| request | count | p50 ms | p90 ms | p99 ms | max ms | answers |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    labels = {"browse": "GET /api/products (sort, category, price, cursor)", "search": "GET /api/products?q=",
              "categories": "GET /api/categories", "product": "GET /api/products/{id}", "cart_get": "GET /api/cart",
              "cart_put": "PUT /api/cart/items/{id}", "cart_delete": "DELETE /api/cart/items/{id}",
              "wishlist_get": "GET /api/wishlist", "wishlist_put": "PUT /api/wishlist/{id}",
              "wishlist_delete": "DELETE /api/wishlist/{id}", "wishlist_move": "POST /api/wishlist/{id}/move-to-cart",
              "checkout": "POST /api/orders (checkout)", "orders": "GET /api/orders", "order_get": "GET /api/orders/{id}",
              "cancel": "POST /api/orders/{id}/cancel"}
    for kind, k in kinds.items():
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(k["statuses"].items()))
        L.append(f"| {labels.get(kind, kind)} | {k['requests']:,} | {k['p50_ms']} | {k['p90_ms']} | {k['p99_ms']} | {k['max_ms']} | {answers} |")
    L.append(f"| **all** | {overall['requests']:,} | {overall['p50_ms']} | {overall['p90_ms']} | {overall['p99_ms']} | {overall['max_ms']} | |")
    L.append("")
    L.append("Per minute (the emulator's tables grow during the run):")
    L.append("")
    L.append("| minute | req/s | p50 ms | p99 ms | 5xx | no answer | CPU API % | CPU emulator % |")
    L.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for m in raw["per_minute"]:
        L.append(f"| {m['minute']} | {m['rps']} | {m['p50_ms']} | {m['p99_ms']} | {m['http5xx']} | {m['no_answer']} | "
                 f"{m.get('api_cpu_pct')} | {m.get('emulator_cpu_pct')} |")
    L.append("")
    if raw["ramp"]:
        L.append(f"## How the rate was chosen (ramp, {raw['ramp_seconds']} s per level, the last 75 % measured)")
        L.append("")
        L.append("| shoppers | req/s | p50 ms | p99 ms | 5xx | no answer | CPU API % | CPU emulator % |")
        L.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in raw["ramp"]:
            L.append(f"| {r['shoppers']} | {r['rps']} | {r['p50_ms']} | {r['p99_ms']} | {r['http5xx']} | {r['no_answer']} | "
                     f"{r.get('api_cpu_pct')} | {r.get('emulator_cpu_pct')} |")
        L.append("")
        L.append(f"Chosen: **{raw['shoppers']} shoppers**: {raw['how_chosen']}.")
        L.append("")
    L.append("## Orders and stock")
    L.append("")
    L.append(f"- Checkouts attempted: {orders['checkouts']:,}; answered with an order (201, or 200 for a retry): "
             f"{orders['answered_with_order']:,}; retried with the same `Idempotency-Key` at least once: {orders['retried']}; "
             f"with a declining test card: {orders['declined_payment_requested']}.")
    rec = orders["unanswered_then_retried"]
    L.append(f"- Checkouts never answered during the run, retried with their key afterwards: {len(rec)}"
             + (f" ({sum(1 for r in rec if r['orderId'])} turned out placed)" if rec else "") + ".")
    L.append(f"- Orders in the shoppers' lists after the drain: {orders['in_orders_lists']:,}; by status: "
             + ", ".join(f"{k} {v}" for k, v in sorted(orders["statuses"].items())) + "; payment: "
             + ", ".join(f"{k} {v}" for k, v in sorted(orders["payments"].items())) + ".")
    L.append(f"- Every order answered is in its shopper's list exactly once, and every listed order was answered: "
             f"{'yes' if not orders['problems'] else 'NO'}." + "".join(f"\n  - {p}" for p in orders["problems"][:20]))
    L.append(f"- Stock: for each of the {stock['products']} products, stock at start − stock at end = the quantities in its "
             f"non-cancelled orders (each read with `GET /api/products/{{id}}`, a consistent read): "
             f"{'all equal' if not stock['mismatches'] else str(len(stock['mismatches'])) + ' differ'} "
             f"({stock['start_total']} − {stock['end_total']} = {stock['start_total'] - stock['end_total']}; orders "
             f"{stock['consumed_by_orders']}).")
    for m in stock["mismatches"][:20]:
        L.append(f"  - {m['product']}: {m['start']} → {m['end']}, orders {m['consumed_by_orders']}")
    L.append("")
    L.append("## Resident memory of the API (VmRSS)")
    L.append("")
    L.append(f"Sampled every {raw['rss']['every_seconds']} s from `/proc/<pid>/status` ({mem['samples']} samples in the measured run): "
             f"start {mem['start_mb']:.1f} MB, end {mem['end_mb']:.1f} MB, min {mem['min_mb']:.1f}, max {mem['max_mb']:.1f}; "
             f"median of the first minute {mem['first_minute_median_mb']:.1f} MB, of the last {mem['last_minute_median_mb']:.1f} MB; "
             f"least-squares slope {mem['slope_whole']:+.2f} MB/min; peak {mem['peak_first_half_mb']:.1f} MB in the first half, "
             f"{mem['peak_second_half_mb']:.1f} MB in the second. "
             f"Flat means: slope over the run ≤ {args.rss_slope_limit} MB/min and the second half's peak within "
             f"{args.rss_growth_limit:.0%} of the first half's (a collected heap saw-tooths; a leak raises the peaks).")
    L.append("")
    per_min = {}
    for t, phase, kb in raw["rss"]["samples"]:
        if phase == "main" and t >= 0:
            per_min.setdefault(int(t // 60) + 1, []).append(kb / 1024)
    L.append("| minute | " + " | ".join(str(m) for m in sorted(per_min)) + " |")
    L.append("| --- | " + " | ".join("---:" for _ in per_min) + " |")
    L.append("| median MB | " + " | ".join(f"{statistics.median(v):.1f}" for _, v in sorted(per_min.items())) + " |")
    L.append("")
    items = raw.get("emulator_items", {})
    if items:
        L.append("Items in the emulator's tables at the start and at the end: "
                 + ", ".join(f"{name} {items['start'].get(name)} → {n}" for name, n in items.get("end", {}).items()) + ".")
        L.append("")
    if raw["unexpected_examples"]:
        L.append("## Unexpected answers (first 30)")
        L.append("")
        for u in raw["unexpected_examples"]:
            L.append(f"- {u['phase']} {u['kind']}: {u['method']} {u['path']} → {u['status']} in {u['latency_ms']} ms "
                     f"{u['body'] or ''}".rstrip())
        L.append("")
    if raw.get("setup_errors"):
        L.append("## Failed reads of the set-up and the reconciliation (each retried)")
        L.append("")
        for e in raw["setup_errors"]:
            L.append(f"- {e['what']}: GET {e['path']} → {e['status'] or 'no answer'} {e.get('error') or ''}".rstrip())
        L.append("")
    L.append("## The workload")
    L.append("")
    L.append("Each virtual shopper (a Cognito user of the emulator) picks its next action at random with these weights (%): "
             + ", ".join(f"{k} {w}" for k, w in raw["mix"].items()) + ". Browsing varies sort, category, price range, page size "
             "and follows cursors; cart and wishlist changes pick products at random (so some ask for more than is in stock, "
             "answered 409); a checkout sends a new `Idempotency-Key` and retries with the same key on no answer, 503 or "
             "409 \"checkout busy\" (jittered backoff, 6 attempts); 5 % of checkouts use a declining test card, which the "
             "order workflow cancels (stock given back); cancels aim at the shopper's latest order (409 once shipped). "
             "Order workflow waits (pack, ship, deliver) are 2 s each so orders finish during the run.")
    L.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(L))
    print(f"wrote {args.out}: {'PASS' if passed else 'FAIL'}")
    for name, value, ok in checks:
        print(f"  {'pass' if ok else 'FAIL'}  {name}: {value}")
    return 0 if passed else 1


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("--api", required=True)
    p.add_argument("--emulator", required=True)
    p.add_argument("--settings", required=True)
    p.add_argument("--api-pid", type=int, required=True)
    p.add_argument("--emulator-pid", type=int, default=0)
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--shoppers", type=int, default=0, help="fixed concurrency; 0 = choose by the ramp")
    p.add_argument("--ramp", type=lambda v: [int(x) for x in v.split(",")], default=[1, 2, 3, 4, 6])
    p.add_argument("--ramp-seconds", type=float, default=16)
    p.add_argument("--p99-limit-ms", type=float, default=2000)
    p.add_argument("--drain-seconds", type=float, default=180)
    p.add_argument("--rss-every", type=float, default=5)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--out", required=True)
    p = sub.add_parser("report")
    p.add_argument("--raw", required=True)
    p.add_argument("--meta", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--rss-slope-limit", type=float, default=1.0)
    p.add_argument("--rss-growth-limit", type=float, default=0.10)
    args = parser.parse_args()
    if args.command == "run":
        run(args)
        return 0
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
