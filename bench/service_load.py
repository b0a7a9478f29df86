#!/usr/bin/env python3
"""Setup and report halves of bench/service-load.sh (standard library only).

setup URL OUT_DIR USERS RATINGS SEED API_KEY
    creates USERS users with random profile features (from GET /v1/features) and RATINGS ratings
    each on random items among the evidence items and the first item pages, then asks once for
    each user's recommendations (the cache-miss pass: adaptation + ranking, timed). Writes
    users.txt, items.txt and setup.json into OUT_DIR.
report OUT_DIR CONFIG_JSON SERVER_CPU_S WRK_CPU_S LOG_LINE
    merges setup.json, wrk.json, the machine, the config, the CPU seconds the server and wrk
    used during the load, and the server's own latencies per endpoint (its JSON request log from
    line LOG_LINE on, i.e. the load only) into result.json and prints a table then the JSON.
"""
import json
import os
import platform
import random
import statistics
import sys
import time
import urllib.error
import urllib.request


def call(url, method="GET", body=None, api_key=""):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
        request.add_header("X-API-Key", api_key)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def setup(url, out, users, ratings, seed, api_key):
    rng = random.Random(seed)
    fields = call(url + "/v1/features")["fields"]
    evidence = [i["id"] for i in call(url + "/v1/evidence?k=50")["items"]]
    catalogue = [i["id"] for i in call(url + "/v1/items?limit=100")["items"]]
    items = sorted(set(evidence + catalogue))
    ids = []
    for _ in range(users):
        features = {f["name"]: rng.choice(f["values"]) for f in fields if f["values"]}
        user = call(url + "/v1/users", "POST", {"features": features}, api_key)["id"]
        rated = rng.sample(items, ratings)
        call(url + "/v1/users/%s/ratings" % user, "POST",
             {"ratings": [{"item": i, "rating": rng.randint(1, 5)} for i in rated]}, api_key)
        ids.append(user)
    miss_ms = []
    for user in ids:
        start = time.perf_counter()
        result = call(url + "/v1/users/%s/recommendations?k=10" % user)
        miss_ms.append((time.perf_counter() - start) * 1e3)
        if result["adapted_on"] != ratings:
            raise SystemExit("service-load: user %s adapted on %s ratings, expected %d"
                             % (user, result["adapted_on"], ratings))
    with open(os.path.join(out, "users.txt"), "w") as f:
        f.write("\n".join(ids) + "\n")
    with open(os.path.join(out, "items.txt"), "w") as f:
        f.write("\n".join(items) + "\n")
    model = call(url + "/v1/model")
    summary = {"users": users, "ratings_per_user": ratings, "rated_item_pool": len(items),
               "model": {k: model.get(k) for k in ("version", "family", "item_count", "data_fingerprint")},
               "first_request_ms": {"mean": round(statistics.mean(miss_ms), 3),
                                    "p50": round(percentile(miss_ms, 50), 3),
                                    "p99": round(percentile(miss_ms, 99), 3)}}
    with open(os.path.join(out, "setup.json"), "w") as f:
        json.dump(summary, f, indent=2)


def expected_hits(users, writes_per_get):
    """Share of GETs whose user was not written since its previous GET (uniform random writes)."""
    return (1 - 1 / users) ** (users * writes_per_get)


def server_latencies(log_path, first_line):
    """Server-side latency percentiles (ms) per endpoint kind, from the JSON request log."""
    by_kind = {}
    with open(log_path) as f:
        for number, line in enumerate(f):
            if number < first_line or not line.startswith("{"):
                continue
            entry = json.loads(line)
            if entry.get("message") != "request":
                continue
            kind = entry["method"] + " " + entry["path"].rsplit("/", 1)[-1]
            by_kind.setdefault(kind, []).append(float(entry["latency_ms"]))
    return {kind: {"count": len(v), "p50": round(percentile(v, 50), 3), "p90": round(percentile(v, 90), 3),
                   "p99": round(percentile(v, 99), 3), "max": round(max(v), 3)}
            for kind, v in sorted(by_kind.items())}


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()]}


def report(out, config_json, server_cpu_s, wrk_cpu_s, log_line):
    config = json.loads(config_json)
    with open(os.path.join(out, "setup.json")) as f:
        setup_summary = json.load(f)
    with open(os.path.join(out, "wrk.json")) as f:
        load = json.loads(f.read().strip().splitlines()[-1])
    errors = sum(load["errors"].values())
    gets = load["requests"] - load["writes"]
    writes_per_get = load["writes"] / gets if gets else 0
    cpu = {"server_s": server_cpu_s, "wrk_s": wrk_cpu_s,
           "server_ms_per_request": round(server_cpu_s * 1e3 / load["requests"], 4),
           "wrk_ms_per_request": round(wrk_cpu_s * 1e3 / load["requests"], 4)}
    # what two idle cores could serve if server and load generator used nothing else
    cpu["two_core_capacity_req_per_s"] = round(2000 / (cpu["server_ms_per_request"] + cpu["wrk_ms_per_request"]))
    result = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(), "config": config,
              "setup": setup_summary, "load": load, "cpu": cpu,
              "server_side_latency_ms": server_latencies(os.path.join(out, "server.log"), log_line),
              # the setup pass caches every user's adaptation; GETs rotate over the N users and each
              # write invalidates a random one, so a GET misses when its user was written during the
              # last rotation (N GETs, N * writes/GETs writes)
              "expected_cache_hit_ratio": round(expected_hits(setup_summary["users"], writes_per_get), 4),
              "target": {"requests_per_s": 1000, "p99_ms": 20, "errors": 0,
                         "met": load["requests_per_s"] >= 1000 and load["latency_ms"]["p99"] <= 20 and errors == 0}}
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump(result, f, indent=2)
    lat = load["latency_ms"]
    rows = [("requests (GET recommendations + POST ratings)", "%d (%d + %d)" % (load["requests"], gets, load["writes"])),
            ("duration", "%.1f s" % load["duration_s"]),
            ("throughput", "%.0f req/s" % load["requests_per_s"]),
            ("latency p50 / p90 / p99 / max", "%.2f / %.2f / %.2f / %.1f ms" % (lat["p50"], lat["p90"], lat["p99"], lat["max"])),
            ("errors (connect, read, write, timeout, non-2xx)", "%d" % errors),
            *[("server-side %s (%d), p50 / p99" % (kind, v["count"]), "%.2f / %.2f ms" % (v["p50"], v["p99"]))
              for kind, v in result["server_side_latency_ms"].items()],
            ("adaptation cache hits (expected, see JSON)", "%.1f %%" % (100 * result["expected_cache_hit_ratio"])),
            ("CPU per request: server / wrk", "%.3f / %.3f ms" % (cpu["server_ms_per_request"], cpu["wrk_ms_per_request"])),
            ("capacity of 2 idle cores at that CPU cost", "%d req/s" % cpu["two_core_capacity_req_per_s"]),
            ("first request per user (adapt + rank), p50 / p99",
             "%.1f / %.1f ms" % (setup_summary["first_request_ms"]["p50"], setup_summary["first_request_ms"]["p99"])),
            ("target >= 1000 req/s, p99 <= 20 ms, 0 errors", "met" if result["target"]["met"] else "NOT met"),
            ("load average at end", " ".join(str(x) for x in result["machine"]["load_average_at_end"]))]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print("%-*s  %s" % (width, name, value), file=sys.stderr)
    print(json.dumps(result, indent=2))


def main(args):
    if len(args) == 7 and args[0] == "setup":
        setup(args[1], args[2], int(args[3]), int(args[4]), int(args[5]), args[6])
    elif len(args) == 6 and args[0] == "report":
        report(args[1], args[2], float(args[3]), float(args[4]), int(args[5]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except urllib.error.HTTPError as e:
        raise SystemExit("service-load: %s %s: %s" % (e.code, e.url, e.read().decode(errors="replace").strip()))
    except (urllib.error.URLError, OSError) as e:
        raise SystemExit("service-load: %s" % e)
