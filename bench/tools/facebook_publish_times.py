#!/usr/bin/env python3
"""Rebuilds the publish times of the UCI "Facebook metrics" posts (bench/recommendation-real).

The file is newest first and gives each post's month, weekday (1-7) and hour (local, 1-23), not its date. Walking
from the oldest post (the last row) to the newest, each post gets the earliest date that is (a) in its month of 2014,
(b) on its weekday, and (c) not before the previous post's date; on the previous post's own date only if its hour is
not earlier (the file lists a day's posts newest first, so their hours fall as the file goes on). A post that cannot
be placed so (its month has no such day left) is counted as a conflict.

Which weekday is 1 is not documented; both readings are tried, and the one with fewer conflicts is used (printed).

Usage: facebook_publish_times.py dataset_Facebook.csv [sunday|monday|auto] > rows.csv
Writes the file's rows oldest first, ';'-separated, with two columns in front: Post ID (uci-<row number in the
file>) and Posted (the local date-time, without an offset: the import reads it in the timezone it is given).
"""
import datetime
import sys


def rebuild(rows, first_day):
    # first_day: the ISO weekday (1 = Monday) that the file's weekday 1 stands for
    placed = []
    conflicts = 0
    previous = None  # (date, hour)
    for row in reversed(rows):
        month, weekday, hour = int(row[3]), int(row[4]), int(row[5])
        iso = (first_day - 1 + weekday - 1) % 7 + 1
        day = datetime.date(2014, month, 1)
        if previous is not None and previous[0] > day:
            day = previous[0]
        if previous is not None and day == previous[0] and hour < previous[1]:
            day += datetime.timedelta(days=1)
        while day.isoweekday() != iso:
            day += datetime.timedelta(days=1)
        if day.month != month or day.year != 2014:
            conflicts += 1
        placed.append((row, day, hour))
        previous = (day, hour)
    return placed, conflicts


def main():
    path = sys.argv[1]
    choice = sys.argv[2] if len(sys.argv) > 2 else "auto"
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\r\n") for l in f]
    header, rows = lines[0], [l.split(";") for l in lines[1:] if l.strip()]
    readings = {"sunday": 7, "monday": 1}
    results = {name: rebuild(rows, first) for name, first in readings.items()}
    for name, (_, conflicts) in results.items():
        print("weekday 1 = %s: %d posts outside their month" % (name, conflicts), file=sys.stderr)
    if choice == "auto":
        choice = min(results, key=lambda n: results[n][1])
    placed, conflicts = results[choice]
    print("using weekday 1 = %s (%d conflicts); %s to %s" % (
        choice, conflicts, placed[0][1], placed[-1][1]), file=sys.stderr)
    print("Post ID;Posted;" + header)
    n = len(rows)
    for index, (row, day, hour) in enumerate(placed):
        file_row = n - index + 1  # the row number in the file, header = 1
        posted = datetime.datetime(day.year, day.month, day.day, hour % 24, 0)
        print("uci-%d;%s;%s" % (file_row, posted.strftime("%Y-%m-%d %H:%M"), ";".join(row)))


if __name__ == "__main__":
    main()
