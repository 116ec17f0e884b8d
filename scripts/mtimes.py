#!/usr/bin/env python3
"""Lets a fresh clone reuse the shared cargo target directory: cargo decides that a workspace
crate must be rebuilt when one of its files is newer than its last build, and every file of a new
clone is new. This gives each file whose content is the same as in the previous run (same SHA-256)
the modification time it had then, so cargo sees it unchanged; a file whose content differs (or
that is new) gets the current time, so cargo rebuilds what uses it, as it always would, even when
its own time is older than the shared build (an edit made in another checkout before that build). Then it records every file's
content and time for the next run, before anything is built (so a run that stops half way leaves
a record that matches what it built).

    python3 scripts/mtimes.py ROOT RECORD

Only files git knows (tracked, or untracked and not ignored) are touched. The record is a JSON object {path: [sha256, mtime_ns]}.
"""
import hashlib
import json
import os
import subprocess
import sys


def main(root: str, record_path: str) -> int:
    try:
        with open(record_path, encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        record = {}
    listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], check=True, capture_output=True).stdout
    restored, fresh = 0, {}
    for rel in filter(None, listed.decode("utf-8", "surrogateescape").split("\0")):
        path = os.path.join(root, rel)
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        before = record.get(rel)
        if before and before[0] == digest:
            if os.stat(path).st_mtime_ns != before[1]:
                os.utime(path, ns=(before[1], before[1]))
                restored += 1
        else:
            os.utime(path)
        fresh[rel] = [digest, os.stat(path).st_mtime_ns]
    os.makedirs(os.path.dirname(record_path), exist_ok=True)
    with open(record_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(fresh, f)
    os.replace(record_path + ".tmp", record_path)
    changed = sum(1 for rel, (digest, _) in fresh.items() if record.get(rel, [None])[0] != digest)
    print(f"[setup] {len(fresh)} files: {restored} given back their earlier time, {changed} new or changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
