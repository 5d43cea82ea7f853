#!/usr/bin/env python3
"""Checks the fault timing of runs made through the plugin (examples/team-project): every window
is applied within 250 ms of the first request the load sent + its `at`, and lasts its declared
length within 1 s (a kill with restart included). Prints each window's measured figures.

usage: check-fault-timing.py <reports dir with chaos-runs.tsv>
The same bounds as scenarios' RunAssertions.faultWindowsKeptTheirTime, for the plugin route.
"""
import gzip
import json
import sys
from pathlib import Path

APPLY_MARGIN_MS = 250
LENGTH_MARGIN_MS = 1000


def events(run_dir):
    stored = run_dir / "history.jsonl.gz"
    opener = gzip.open if stored.exists() else open
    with opener(stored if stored.exists() else run_dir / "history.jsonl", "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def check(run_dir):
    first, applied, ended = None, [], {}
    for event in events(run_dir):
        kind = event["type"]
        if kind == "first-request-sent":
            first = event
        elif kind == "fault-applied":
            applied.append(event)
        elif kind == "fault-rolled-back":
            ended[event["window"]] = event
    problems = []
    if not applied:
        return problems
    if first is None:
        return [f"{run_dir.name}: no first-request-sent event"]
    print(f"{run_dir.name}: first request {first['afterLoadStartedMs']} ms after the load was started")
    for fault in applied:
        late = fault["atMs"] - (first["atMs"] + fault["plannedAtMs"])
        end = ended.get(fault["window"])
        length = None if end is None else end["atMs"] - fault["atMs"]
        print(f"  window {fault['window']} ({fault['action']} {','.join(fault['targets'])}): applied {late} ms after "
              f"first request + {fault['plannedAtMs']} ms; lasted {length} ms of {fault['plannedDurationMs']} declared")
        if not -20 <= late <= APPLY_MARGIN_MS:
            problems.append(f"{run_dir.name}: window {fault['window']} applied {late} ms after first request + at")
        if length is None or abs(length - fault["plannedDurationMs"]) > LENGTH_MARGIN_MS:
            problems.append(f"{run_dir.name}: window {fault['window']} lasted {length} ms, declared {fault['plannedDurationMs']}")
    return problems


def main():
    reports = Path(sys.argv[1])
    run_dirs = [Path(line.split("\t")[1]) for line in (reports / "chaos-runs.tsv").read_text().splitlines()
                if len(line.split("\t")) == 3 and line.split("\t")[1]]
    problems = [p for run_dir in run_dirs for p in check(run_dir)]
    for problem in problems:
        print("fault timing: " + problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
