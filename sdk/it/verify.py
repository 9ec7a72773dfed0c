#!/usr/bin/env python3
"""Checks that every event id in a file is stored exactly once: GET /v1/events/{id} (straight to the API, not
through the proxy) answers PRICED for each (waiting for the cost worker up to --wait seconds), and Postgres holds
exactly one usage row per id for the customer. With --charges (lines "request_id amount refunded", what the SDK
was asked to charge and refund through the faulty proxy): GET /v1/charges/{id} shows that amount and refunded_amount
for each, and Postgres holds exactly one charge and one CHARGE ledger row per request id, and exactly one refund and
one REFUND ledger row per refund asked for. With --reservations (lines "reservation_id status settled_by_kind"):
GET /v1/reservations/{id} ends in that status, settled by that kind of item, and the balance holds nothing
(held 0). Prints a JSON summary; exits 1 on any miss.

  verify.py --api http://127.0.0.1:18080 --key KEY --customer C --ids ids.txt --db meterline_sdk_it [--charges F]
"""
import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal


def status_of(api, key, event_id):
    req = urllib.request.Request(f"{api}/v1/events/{event_id}", headers={"X-Api-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r).get("status")
    except urllib.error.HTTPError as e:
        return f"HTTP_{e.code}"
    except OSError:
        return "NETWORK_ERROR"


def charge_of(api, key, request_id):
    req = urllib.request.Request(f"{api}/v1/charges/{urllib.parse.quote(request_id, safe='')}",
                                 headers={"X-Api-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            doc = json.load(r)
            return Decimal(doc["amount"]), Decimal(doc["refunded_amount"])
    except (urllib.error.HTTPError, OSError) as e:
        return str(e)


def check_charges(args, psql):
    """Each charge and refund the SDK made is stored exactly once, whatever the proxy did to its attempts."""
    lines = [line.split() for line in open(args.charges) if line.strip()]
    wrong = [rid for rid, amount, refunded in lines
             if charge_of(args.api, args.key, rid) != (Decimal(amount), Decimal(refunded))]
    refunds = sum(1 for _, _, refunded in lines if Decimal(refunded) > 0)
    c = args.customer.replace("'", "''")
    sql = (f"select (select count(*) from charges where customer_id = '{c}') || ' ' || "
           f"(select count(*) from refunds where customer_id = '{c}') || ' ' || "
           f"(select count(*) from wallet_transactions where customer_id = '{c}' and type = 'CHARGE') || ' ' || "
           f"(select count(*) from wallet_transactions where customer_id = '{c}' and type = 'REFUND')")
    charge_rows, refund_rows, charge_tx, refund_tx = map(int, psql(sql).split())
    ok = not wrong and charge_rows == charge_tx == len(lines) and refund_rows == refund_tx == refunds
    return ok, {"charges": len(lines), "charge_rows": charge_rows, "charge_ledger_rows": charge_tx,
                "refunds": refunds, "refund_rows": refund_rows, "refund_ledger_rows": refund_tx,
                "wrong_charges": wrong[:5]}


def get_json(api, key, path):
    req = urllib.request.Request(f"{api}{path}", headers={"X-Api-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)
    except (urllib.error.HTTPError, OSError, ValueError) as e:
        return {"error": str(e)}


def check_reservations(args, deadline):
    """Each hold the SDK took ends as expected (released, or settled by the charge or event naming it)."""
    expected = {rid: (status, kind) for rid, status, kind in
                (line.split() for line in open(args.reservations) if line.strip())}

    def end(rid):
        doc = get_json(args.api, args.key, f"/v1/reservations/{urllib.parse.quote(rid, safe='')}")
        return doc.get("status"), (doc.get("settled_by") or {}).get("kind", "-")

    wrong = {rid: end(rid) for rid in expected}
    while any(wrong[r] != expected[r] for r in wrong) and time.monotonic() < deadline:
        time.sleep(2)
        wrong = {rid: end(rid) for rid in expected}
    wrong = {rid: got for rid, got in wrong.items() if got != expected[rid]}
    held = get_json(args.api, args.key, "/v1/balance").get("held")
    ok = not wrong and held is not None and Decimal(str(held)) == 0
    return ok, {"reservations": len(expected), "wrong_reservations": wrong, "held": held}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--customer", required=True)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--psql", default="psql -X -q -tA -h 127.0.0.1 -U meterline")
    ap.add_argument("--wait", type=float, default=120)
    ap.add_argument("--charges", default=None)
    ap.add_argument("--reservations", default=None)
    args = ap.parse_args()
    ids = [line.strip() for line in open(args.ids) if line.strip()]
    pending = list(dict.fromkeys(ids))
    statuses = {}
    deadline = time.monotonic() + args.wait
    with ThreadPoolExecutor(8) as pool:
        while pending and time.monotonic() < deadline:
            for eid, st in zip(pending, pool.map(lambda i: status_of(args.api, args.key, i), pending)):
                statuses[eid] = st
            pending = [i for i in pending if statuses[i] != "PRICED"]
            if pending:
                time.sleep(2)
    sql = ("select count(*) || ' ' || count(distinct event_id) from usage_events where customer_id = '%s'"
           % args.customer.replace("'", "''"))

    def psql(query):
        return subprocess.check_output(args.psql.split() + ["-d", args.db, "-c", query], text=True)

    rows, distinct = map(int, psql(sql).split())
    by_status = {}
    for st in statuses.values():
        by_status[st] = by_status.get(st, 0) + 1
    ok = not pending and len(set(ids)) == len(ids) and rows == distinct == len(ids)
    summary = {"customer": args.customer, "tracked": len(ids), "distinct_ids": len(set(ids)), "statuses": by_status,
               "usage_rows": rows, "distinct_rows": distinct}
    if args.charges:
        charges_ok, charge_summary = check_charges(args, psql)
        ok = ok and charges_ok
        summary.update(charge_summary)
    if args.reservations:
        holds_ok, hold_summary = check_reservations(args, deadline)
        ok = ok and holds_ok
        summary.update(hold_summary)
    print(json.dumps({**summary, "ok": ok}))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
