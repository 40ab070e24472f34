#!/usr/bin/env python3
"""bench/recommendation-real: the service's curves on the UCI "Facebook metrics" posts, scored on held-out posts.

Usage: recommendation_real.py <base url> <token> <rows.csv from facebook_publish_times.py> <file zone> <audience zones>

1. The rebuilt posts, oldest first, are split by time: the first 70% are history, the last 30% are held out.
2. The history goes in through POST /kpi-events/import (preset facebook, its local times read in <file zone>, every
   post as content type "post"); the held-out posts are never sent.
3. For each audience zone and objective, three predictions of each held-out post's outcome at its hour of the week:
   the tenant's curve (GET /recommendations/curve with the token), the platform defaults (the same without a token),
   and the history's plain mean per hour of the week (else per hour of the day, else overall).
4. Spearman's rank correlation between prediction and outcome (log(1 + interactions); interactions / reach), with
   paired bootstrap 95% intervals (2,000 resamples of the held-out posts, seed 18, the same resamples for every
   method), and the share of held-out outcomes inside the curve's 90% interval.
Standard library only.
"""
import csv
import datetime
import json
import math
import random
import sys
import urllib.request
import zoneinfo

HISTORY_SHARE = 0.7
BOOTSTRAP = 2000
SEED = 18


def request(method, url, token=None, body=None, content_type=None):
    req = urllib.request.Request(url, method=method, data=body)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if content_type:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read().decode())


def number(cell):
    return float(cell) if cell.strip() else 0.0


def slot(instant, zone):
    local = instant.astimezone(zone)
    return (local.isoweekday() - 1) * 24 + local.hour


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    n = len(x)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return 0.0 if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)


def interval(values):
    s = sorted(values)
    return s[int(0.025 * len(s))], s[int(0.975 * len(s)) - 1]


def median_log(values):
    s = sorted(values)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def main():
    base, token, rows_path, file_zone_name, audiences = sys.argv[1:6]
    file_zone = zoneinfo.ZoneInfo(file_zone_name)
    with open(rows_path, encoding="utf-8") as f:
        text = f.read()
    reader = list(csv.reader(text.splitlines(), delimiter=";"))
    header, rows = reader[0], reader[1:]
    col = {name: i for i, name in enumerate(header)}
    posts = []
    for r in rows:
        at = datetime.datetime.strptime(r[col["Posted"]], "%Y-%m-%d %H:%M").replace(tzinfo=file_zone)
        interactions = number(r[col["like"]]) + number(r[col["comment"]]) + number(r[col["share"]])
        reach = number(r[col["Total Reach"]])
        posts.append({"at": at, "interactions": interactions, "reach": reach})
    cut = int(len(rows) * HISTORY_SHARE)
    history_rows, held = rows[:cut], posts[cut:]
    history = posts[:cut]
    print("posts: %d; history %d (%s to %s), held out %d (%s to %s)" % (
        len(posts), cut, history[0]["at"].date(), history[-1]["at"].date(), len(held), held[0]["at"].date(),
        held[-1]["at"].date()))

    body = ("\n".join(";".join(r) for r in [header] + history_rows) + "\n").encode()
    imported = request(
        "POST",
        base + "/api/v1/scheduling/kpi-events/import?preset=facebook&content_type=post&timezone=" + file_zone_name,
        token, body, "text/csv")
    print("imported through POST /kpi-events/import: %d rows, %d events stored, %d bad rows, columns %s" % (
        imported["rows"], imported["stored"], imported["bad_rows"], json.dumps(imported["columns"])))

    objectives = [
        ("interactions", "log(1 + interactions)", lambda p: math.log1p(p["interactions"]), 1.0,
         lambda p: p["interactions"]),
        ("engagement_rate", "interactions / reach", lambda p: p["interactions"] / p["reach"] if p["reach"] else None,
         10000.0, lambda p: p["interactions"] / p["reach"] if p["reach"] else None),
    ]
    rng = random.Random(SEED)
    for zone_name in audiences.split(","):
        zone = zoneinfo.ZoneInfo(zone_name)
        print()
        reading = ("the file's hours taken as the audience's own" if zone_name == file_zone_name else
                   "the file's hours read as %s time, the audience in %s" % (file_zone_name, zone_name))
        print("audience zone %s (%s; the hours of the week, the platform defaults' windows and the curves read in it)"
              % (zone_name, reading))
        for objective, label, outcome, scale, raw in objectives:
            query = "/api/v1/scheduling/recommendations/curve?platform=facebook&content_type=post&timezone=%s&objective=%s" % (
                zone_name, objective)
            mine = request("GET", base + query, token)
            defaults = request("GET", base + query)
            # the history's plain mean of the outcome per hour of the week, else per hour of the day, else overall
            by_week, by_day, everything = {}, {}, []
            for p in history:
                y = outcome(p)
                if y is None:
                    continue
                s = slot(p["at"], zone)
                by_week.setdefault(s, []).append(y)
                by_day.setdefault(s % 24, []).append(y)
                everything.append(y)
            overall = sum(everything) / len(everything)

            def plain(s):
                if s in by_week:
                    return sum(by_week[s]) / len(by_week[s])
                if s % 24 in by_day:
                    return sum(by_day[s % 24]) / len(by_day[s % 24])
                return overall

            scored = [p for p in held if outcome(p) is not None]
            y = [outcome(p) for p in scored]
            slots = [slot(p["at"], zone) for p in scored]
            predictions = {
                "history (tenant curve)": [mine["expected"][s] for s in slots],
                "platform defaults": [defaults["expected"][s] for s in slots],
                "plain per-hour mean": [plain(s) for s in slots],
            }
            point = {name: spearman(x, y) for name, x in predictions.items()}
            samples = {name: [] for name in predictions}
            diffs = {"history - defaults": [], "history - plain mean": []}
            n = len(y)
            for _ in range(BOOTSTRAP):
                pick = [rng.randrange(n) for _ in range(n)]
                yy = [y[i] for i in pick]
                r = {name: spearman([x[i] for i in pick], yy) for name, x in predictions.items()}
                for name in predictions:
                    samples[name].append(r[name])
                diffs["history - defaults"].append(r["history (tenant curve)"] - r["platform defaults"])
                diffs["history - plain mean"].append(r["history (tenant curve)"] - r["plain per-hour mean"])
            print("  objective=%s, outcome %s, %d held-out posts, %d history posts in the curve:" % (
                objective, label, n, mine["observations"]))
            for name in predictions:
                lo, hi = interval(samples[name])
                print("    %-26s Spearman %+.3f  95%% [%+.3f, %+.3f]" % (name, point[name], lo, hi))
            for name, d in diffs.items():
                lo, hi = interval(d)
                print("    %-26s difference %+.3f  95%% [%+.3f, %+.3f]%s" % (
                    name, point["history (tenant curve)"] - point[name.split(" - ")[1].replace("defaults", "platform defaults").replace("plain mean", "plain per-hour mean")],
                    lo, hi, "  (above zero)" if lo > 0 else ""))
            # calibration: the curve is in multiples of the median history post, as (1 + scale * outcome) ratios
            baseline = median_log([math.log1p(scale * raw(p)) for p in history if raw(p) is not None])
            inside = 0
            for p, s in zip(scored, slots):
                relative = math.exp(math.log1p(scale * raw(p)) - baseline)
                if mine["lower"][s] - 0.0005 <= relative <= mine["upper"][s] + 0.0005:
                    inside += 1
            print("    calibration: %d of %d held-out outcomes (%.1f%%) inside the curve's 90%% interval" % (
                inside, n, 100.0 * inside / n))


if __name__ == "__main__":
    main()
