#!/usr/bin/env python3
"""Checks that every event id in a file is stored exactly once: GET /v1/events/{id} (straight to the API, not
through the proxy) answers PRICED for each (waiting for the cost worker up to --wait seconds), and Postgres holds
exactly one usage row per id for the customer. Prints a JSON summary; exits 1 on any miss.

  verify.py --api http://127.0.0.1:18080 --key KEY --customer C --ids ids.txt --db meterline_sdk_it
"""
import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def status_of(api, key, event_id):
    req = urllib.request.Request(f"{api}/v1/events/{event_id}", headers={"X-Api-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r).get("status")
    except urllib.error.HTTPError as e:
        return f"HTTP_{e.code}"
    except OSError:
        return "NETWORK_ERROR"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--customer", required=True)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--psql", default="psql -X -q -tA -h 127.0.0.1 -U meterline")
    ap.add_argument("--wait", type=float, default=120)
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
    rows, distinct = map(int, subprocess.check_output(args.psql.split() + ["-d", args.db, "-c", sql], text=True).split())
    by_status = {}
    for st in statuses.values():
        by_status[st] = by_status.get(st, 0) + 1
    ok = not pending and len(set(ids)) == len(ids) and rows == distinct == len(ids)
    print(json.dumps({"customer": args.customer, "tracked": len(ids), "distinct_ids": len(set(ids)),
                      "statuses": by_status, "usage_rows": rows, "distinct_rows": distinct, "ok": ok}))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
