#!/usr/bin/env python3
"""The cost model of docs/cost.md, as code: prints the tables of that page from the prices, the usage profile and
the warm durations measured by bench/run.

  python3 bench/tools/cost.py [--warm artifacts/bench/raw/warm-standin-aot.json]

Without --warm it uses the figures recorded in docs/cost.md (MEASURED below). Edit the prices, the profile or the
assumptions here, run it, and paste the output over the generated part of docs/cost.md.
"""
import argparse
import json
import math
import statistics

# ---------------------------------------------------------------- public prices, us-east-1 (see docs/cost.md for the pages)
PRICE = {
    "apigw_http_per_request": 1.00 / 1e6,          # API Gateway HTTP API, first 300 M requests/month
    "lambda_request": 0.20 / 1e6,                   # Lambda, per request (x86 and arm64)
    "lambda_gbs_x86": 0.0000166667,                 # Lambda duration per GB-second, x86, first 6 B GB-s
    "lambda_gbs_arm": 0.0000133334,                 # Lambda duration per GB-second, arm64, first 7.5 B GB-s
    "lambda_pc_gbs_x86": 0.0000041667,              # provisioned concurrency, per GB-second configured, x86
    "ddb_rru": 0.125 / 1e6,                         # DynamoDB on-demand, per read request unit (Standard table class)
    "ddb_wru": 0.625 / 1e6,                         # DynamoDB on-demand, per write request unit
    "sfn_standard_transition": 0.025 / 1000,        # Step Functions Standard, per state transition (4,000 free/month)
    "sfn_express_request": 1.00 / 1e6,              # Step Functions Express, per execution
    "sfn_express_gbs": 0.00001667,                  # Step Functions Express, per GB-second (first 1,000 GB-hours), 64 MB chunks
    "pipes_request": 0.40 / 1e6,                    # EventBridge Pipes, per request after filtering
    "sns_publish": 0.50 / 1e6,                      # SNS, per publish (first 1 M free)
    "sns_email": 2.00 / 100000,                     # SNS, per email notification delivered
    "cognito_essentials_mau": 0.015,                # Cognito user pools, Essentials, per MAU beyond 10,000 free
    "cognito_plus_mau": 0.020,                      # Cognito user pools, Plus (threat protection), per MAU
    "logs_ingest_gb": 0.50,                         # CloudWatch Logs, per GB ingested (standard)
    "transfer_out_gb": 0.09,                        # data transfer out to the internet, first 10 TB/month
}

# ---------------------------------------------------------------- assumptions
MEMORY_GB = 1024 / 1024      # stacks/config: api.memoryMb = 1024
CPU_FACTOR = 1769 / 1024     # a 1024 MB function gets 1024/1769 of a vCPU; the benchmark gave the API one core
DDB_READ_MS = 4.0            # in-region DynamoDB read round trip, p50 (assumed)
DDB_WRITE_MS = 8.0           # in-region TransactWriteItems round trip, p50 (assumed)
ADAPTER_MS = 1.0             # Lambda Web Adapter hop (assumed)
LOG_BYTES_PER_INVOCATION = 350   # Lambda's START/END/REPORT lines; the API logs nothing per request at its levels
EXPRESS_GB = 64 / 1024       # the activity workflow fits one 64 MB chunk
EXPRESS_SHORT_S = 0.3        # an execution that joins a window or finds emails off (assumed)
EMAIL_WINDOW_S = 60          # stacks/config prod: emailWindowSeconds (the opener waits it out)
ORDER_TRANSITIONS = 13       # OrderLifecycle.asl.json, happy path: ReadOrder .. Done
ORDER_STEPS = 4              # pay, pack, ship, deliver: each a Lambda invocation (2 round trips)
ORDER_EVENTS = 5             # placed, paid/confirmed, packed, shipped, delivered: each an EVENT# (inbox + email)

# The API's own time per request (ms), p50 at 1 connection on the DynamoDB stand-in (Native AOT), from the recorded
# run; bench/run's result file holds the same figures. Actions the benchmark does not drive are estimated (marked).
MEASURED = {"products": 0.24, "product": 1.89, "cart": 1.05, "put": 1.26}

# ---------------------------------------------------------------- actions: DynamoDB round trips (docs/data-model.md), units, own time
# rru/wru: request units per action (items ≤ 1 KB written, ≤ 4 KB read; transactional writes count 2 WRU per item,
# consistent reads 1 RRU per 4 KB, eventually consistent 0.5). events: EVENT# items written (each one goes through
# the stream, a pipe and the activity workflow).
def actions(measured):
    return {
        # name: (own_ms, read_trips, write_trips, rru, wru, events, note)
        "GET /api/config": (0.3, 0, 0, 0, 0, 0, "no DynamoDB (own time estimated)"),
        "GET /api/categories": (0.3, 0, 0, 0, 0, 0, "from the in-process catalog snapshot, no DynamoDB call (own time estimated)"),
        "GET /api/products": (measured["products"], 0, 0, 0, 0, 0, "a kept answer of the in-process catalog snapshot, no DynamoDB call"),
        "GET /api/products/{id}": (measured["product"], 1, 0, 1, 0, 0, "GetItem, consistent"),
        "GET /api/cart": (measured["cart"], 1, 0, 1, 0, 0, "Query (consistent); the lines' products from the snapshot"),
        "PUT /api/cart/items/{id}": (measured["put"], 1, 1, 3, 6, 1, "BatchGetItem 3 items (consistent), transaction of 3 items"),
        "wishlist read/add": (1.2, 1, 0.5, 1, 2, 0.5, "half reads (Query; products from the snapshot), half adds (COUNT query, 2-item transaction) (estimated)"),
        "GET /api/notifications": (1.5, 3, 0, 3, 0, 0, "GetItem PROFILE, Query, COUNT query; product names from the snapshot (own time estimated)"),
        "POST /api/orders": (3.0, 1, 1, 1, 22, 1, "Query cart; prices and stock from the snapshot; transaction of 10 items (3 lines) (own time estimated)"),
        "GET /api/orders/{id}": (0.8, 1, 0, 1, 0, 0, "GetItem, consistent (own time estimated)"),
        "order workflow step (Lambda)": (1.5, 1, 1, 1, 6, 1, "GetItem ORDER#, transaction order + EVENT# (own time estimated)"),
    }


# Usage profile: per active shopper per month.
SESSIONS = 6
PER_SESSION = {
    "GET /api/config": 1, "GET /api/categories": 1, "GET /api/products": 4, "GET /api/products/{id}": 6,
    "GET /api/cart": 2, "PUT /api/cart/items/{id}": 1.5, "wishlist read/add": 0.6, "GET /api/notifications": 0.5,
}
ORDERS_PER_SHOPPER = 0.3
ORDER_READS_PER_ORDER = 3
EMAILS_ON = 0.5              # share of shoppers with activity emails on
CART_EMAIL_WINDOWS = 4       # email windows opened per emailing shopper and month by cart/wishlist changes
RESPONSE_KB = 4              # average response size
SHOPPERS = (10_000, 100_000, 1_000_000)


def duration_ms(own, read_trips, write_trips):
    return math.ceil(own * CPU_FACTOR + read_trips * DDB_READ_MS + write_trips * DDB_WRITE_MS + ADAPTER_MS)


def per_action_cost(spec, arch):
    own, reads, writes, rru, wru, events, _ = spec
    ms = duration_ms(own, reads, writes)
    gbs = PRICE["lambda_gbs_arm" if arch == "arm64" else "lambda_gbs_x86"]
    lambda_cost = PRICE["lambda_request"] + MEMORY_GB * ms / 1000 * gbs
    ddb = rru * PRICE["ddb_rru"] + wru * PRICE["ddb_wru"]
    # each EVENT#: one pipe request, one short Express execution, its GetItem PROFILE (0.5 RRU) and window write (1 WRU)
    event = events * (PRICE["pipes_request"] + PRICE["sfn_express_request"] + EXPRESS_GB * EXPRESS_SHORT_S * PRICE["sfn_express_gbs"]
                      + 0.5 * PRICE["ddb_rru"] + 1 * PRICE["ddb_wru"])
    return ms, lambda_cost, ddb, event


def email_cost():
    """One email window: the opener's wait, the close (1 WRU), one SNS publish and one email."""
    return (EXPRESS_GB * EMAIL_WINDOW_S * PRICE["sfn_express_gbs"] + PRICE["ddb_wru"] + PRICE["sns_publish"] + PRICE["sns_email"])


def fmt(x, digits=2):
    return f"${x:,.{digits}f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", help="warm-standin-aot.json of a bench/run to take the measured own times from")
    args = parser.parse_args()
    measured = dict(MEASURED)
    if args.warm:
        rows = json.load(open(args.warm))
        labels = {"GET /api/products": "products", "GET /api/products/{id}": "product", "GET /api/cart": "cart", "PUT /api/cart/items/{id}": "put"}
        for label, key in labels.items():
            p50s = [r["p50_ms"] for r in rows if r["label"] == label and r["connections"] == 1]
            if p50s:
                measured[key] = round(statistics.median(p50s), 2)
    acts = actions(measured)
    out = print

    out("### Per action (x86_64, 1024 MB; arm64 in the last column)")
    out("")
    out("| action | own ms (measured p50, or estimated) | DynamoDB round trips (read + write) | billed Lambda ms | API GW | Lambda x86 | DynamoDB | events (pipe, workflow) | total per 1 M, x86 | total per 1 M, arm64 |")
    out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, spec in acts.items():
        ms, lam, ddb, ev = per_action_cost(spec, "x86")
        _, lam_arm, _, _ = per_action_cost(spec, "arm64")
        apigw = 0 if "workflow" in name else PRICE["apigw_http_per_request"]
        total = apigw + lam + ddb + ev
        total_arm = apigw + lam_arm + ddb + ev
        out(f"| {name} | {spec[0]} | {spec[1]} + {spec[2]} | {ms} | {fmt(apigw * 1e6)} | {fmt(lam * 1e6)} | {fmt(ddb * 1e6)} | "
            f"{fmt(ev * 1e6)} | **{fmt(total * 1e6)}** | {fmt(total_arm * 1e6)} |")
    out("")

    # monthly, per shopper
    api_requests = {name: SESSIONS * n for name, n in PER_SESSION.items()}
    api_requests["POST /api/orders"] = ORDERS_PER_SHOPPER
    api_requests["GET /api/orders/{id}"] = ORDERS_PER_SHOPPER * ORDER_READS_PER_ORDER
    steps = ORDERS_PER_SHOPPER * ORDER_STEPS
    total_requests = sum(api_requests.values())

    def monthly(shoppers, arch):
        lines = {"API Gateway": 0, "Lambda": 0, "DynamoDB": 0, "Pipes + Express (events)": 0,
                 "Step Functions Standard (orders)": 0, "Emails (Express wait, SNS)": 0}
        for name, per_shopper in list(api_requests.items()) + [("order workflow step (Lambda)", steps)]:
            count = per_shopper * shoppers
            _, lam, ddb, ev = per_action_cost(acts[name], arch)
            if "workflow" not in name:
                lines["API Gateway"] += count * PRICE["apigw_http_per_request"]
            lines["Lambda"] += count * lam
            lines["DynamoDB"] += count * ddb
            lines["Pipes + Express (events)"] += count * ev
        orders = ORDERS_PER_SHOPPER * shoppers
        lines["Step Functions Standard (orders)"] = max(0, orders * ORDER_TRANSITIONS - 4000) * PRICE["sfn_standard_transition"] \
            + orders * PRICE["pipes_request"]
        emails = shoppers * EMAILS_ON * (CART_EMAIL_WINDOWS + ORDERS_PER_SHOPPER * ORDER_EVENTS)
        lines["Emails (Express wait, SNS)"] = emails * email_cost()
        invocations = (total_requests + steps) * shoppers
        lines["Lambda provisioned concurrency (2 × 1 GB, prod)"] = 2 * MEMORY_GB * 730 * 3600 * PRICE["lambda_pc_gbs_x86"] * (0.8 if arch == "arm64" else 1)
        lines["CloudWatch Logs (Lambda platform lines)"] = invocations * LOG_BYTES_PER_INVOCATION / 1e9 * PRICE["logs_ingest_gb"]
        lines["Data transfer out"] = total_requests * shoppers * RESPONSE_KB / 1e6 * PRICE["transfer_out_gb"]
        per_request = sum(lines.values()) - lines["Lambda provisioned concurrency (2 × 1 GB, prod)"]
        cognito = {"Essentials": max(0, shoppers - 10_000) * PRICE["cognito_essentials_mau"], "Plus": shoppers * PRICE["cognito_plus_mau"]}
        return lines, per_request, cognito

    out(f"### Monthly bill (usage profile below: {total_requests:.0f} API requests per active shopper and month)")
    out("")
    header = "| line | " + " | ".join(f"{s:,} shoppers" for s in SHOPPERS) + " |"
    out(header)
    out("| --- |" + " ---: |" * len(SHOPPERS))
    results = {s: monthly(s, "x86") for s in SHOPPERS}
    results_arm = {s: monthly(s, "arm64") for s in SHOPPERS}
    out("| API requests / month | " + " | ".join(f"{total_requests * s / 1e6:,.1f} M" for s in SHOPPERS) + " |")
    for line in results[SHOPPERS[0]][0]:
        out(f"| {line} | " + " | ".join(fmt(results[s][0][line]) for s in SHOPPERS) + " |")
    out("| **AWS, without Cognito (x86)** | " + " | ".join(f"**{fmt(sum(results[s][0].values()))}**" for s in SHOPPERS) + " |")
    out("| same on arm64 | " + " | ".join(fmt(sum(results_arm[s][0].values())) for s in SHOPPERS) + " |")
    out("| per 1 M API requests (x86, without provisioned concurrency and Cognito) | " + " | ".join(
        fmt(results[s][1] / (total_requests * s / 1e6)) for s in SHOPPERS) + " |")
    out("| Cognito, Essentials plan | " + " | ".join(fmt(results[s][2]["Essentials"]) for s in SHOPPERS) + " |")
    out("| Cognito, Plus plan (prod's threat protection, `advancedSecurity: ENFORCED`) | " + " | ".join(fmt(results[s][2]["Plus"]) for s in SHOPPERS) + " |")
    out("| **total with Cognito Plus (x86)** | " + " | ".join(
        f"**{fmt(sum(results[s][0].values()) + results[s][2]['Plus'])}**" for s in SHOPPERS) + " |")
    out("")
    out(f"Own times used: {json.dumps(measured)} (ms, p50 at 1 connection on the stand-in, Native AOT).")


if __name__ == "__main__":
    main()
