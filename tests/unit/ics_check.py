#!/usr/bin/python3
"""Independent check of the iCalendar export with Debian's python3-icalendar.

The file must parse, and expanding each event's RRULE (with dateutil, minus
its EXDATEs) must give exactly the occurrences our own timetable expansion
gives, at the same local times in Asia/Shanghai.

    /usr/bin/python3 ics_check.py zx_check_cli WORKDIR
"""
import json
import os
import subprocess
import sys
from datetime import timedelta

import icalendar
from dateutil.rrule import rrulestr


def main():
    cli, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    ics_path = os.path.join(work, "timetable.ics")
    expected_path = os.path.join(work, "expected.json")
    subprocess.run([cli, "ics", ics_path, expected_path], check=True)
    with open(ics_path, "rb") as f:
        raw = f.read()
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.get("VERSION") == "2.0", "VERSION:2.0 missing"
    tzids = [c.get("TZID") for c in cal.walk("VTIMEZONE")]
    assert tzids == ["Asia/Shanghai"], f"expected one VTIMEZONE Asia/Shanghai, got {tzids}"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, f"line longer than 75 octets: {line[:40]!r}"

    got = set()
    events = 0
    for ev in cal.walk("VEVENT"):
        events += 1
        uid = str(ev.get("UID"))
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        assert str(start.tzinfo) in ("Asia/Shanghai", "CST"), f"{uid}: DTSTART not in Asia/Shanghai: {start.tzinfo}"
        length = end - start
        if ev.get("RRULE"):
            rule = rrulestr(ev.get("RRULE").to_ical().decode(), dtstart=start)
            excluded = set()
            ex = ev.get("EXDATE")
            for group in (ex if isinstance(ex, list) else [ex] if ex else []):
                for d in group.dts:
                    excluded.add(d.dt.replace(tzinfo=None))
            starts = [s for s in rule if s.replace(tzinfo=None) not in excluded]
        else:
            starts = [start]
        for s in starts:
            e = s + length
            got.add((uid, str(ev.get("SUMMARY")), s.strftime("%Y-%m-%d"), s.strftime("%H:%M"), e.strftime("%H:%M")))

    with open(expected_path, encoding="utf-8") as f:
        expected = {(o["uid"], o["summary"], o["date"], o["start"], o["end"]) for o in json.load(f)}
    missing = sorted(expected - got)
    extra = sorted(got - expected)
    if missing or extra:
        print("occurrences differ")
        print("  only in our expansion:", missing[:10])
        print("  only in the .ics as python-icalendar reads it:", extra[:10])
        sys.exit(1)
    print(f"ics: {events} events, {len(got)} occurrences, identical to our expansion (python-icalendar {icalendar.__version__})")


if __name__ == "__main__":
    main()
