#!/usr/bin/env python3
"""Lets a fresh clone reuse the shared cargo target directory: cargo decides that a workspace
crate must be rebuilt when one of its files is newer than its last build, and every file of a new
clone is new. This gives each file whose content is the same as in the previous run (same SHA-256)
the modification time it had then, so cargo sees it unchanged; a file whose content differs (or
that is new) gets the current time, so cargo rebuilds what uses it, as it always would, even when
its own time is older than the shared build (an edit made in another checkout before that build). Then it records every file's
content and time for the next run, before anything is built (so a run that stops half way leaves
a record that matches what it built).

The record only says what the shared build was made from if nothing was built there since the
record's run ended: a build of other files in between (another checkout's, or an edit since
undone) would leave its artifacts newer than the times given back, and cargo would take them as
this clone's. So a run ends with `--stamp` (when anything was last compiled in the target
directory, from cargo's fingerprints), and a run that finds a later build there gives every file
the current time instead: cargo then rebuilds the workspace's crates, not their dependencies.

    python3 scripts/mtimes.py ROOT RECORD TARGET_DIR     (before a run builds anything)
    python3 scripts/mtimes.py --stamp RECORD TARGET_DIR  (when a run has built what it builds)

Only files git knows (tracked, or untracked and not ignored) are touched. The record is a JSON
object {path: [sha256, mtime_ns]}; the stamp is RECORD.built.
"""
import glob
import hashlib
import json
import os
import subprocess
import sys


def last_build(target: str) -> int:
    """When anything was last compiled in `target` (ns since the epoch; 0 if never): the newest of
    cargo's fingerprints (`<profile>/.fingerprint/<unit>/…`, `<triple>/<profile>/…` for wasm32)."""
    units = glob.glob(os.path.join(glob.escape(target), "*", ".fingerprint", "*"))
    units += glob.glob(os.path.join(glob.escape(target), "*", "*", ".fingerprint", "*"))
    paths = units + [f for unit in units if os.path.isdir(unit) for f in glob.glob(os.path.join(glob.escape(unit), "*"))]
    return max((os.lstat(p).st_mtime_ns for p in paths), default=0)


def stamp(record_path: str, target: str) -> int:
    os.makedirs(os.path.dirname(record_path), exist_ok=True)
    with open(record_path + ".built", "w", encoding="utf-8") as f:
        f.write(str(last_build(target)))
    return 0


def main(root: str, record_path: str, target: str) -> int:
    try:
        with open(record_path, encoding="utf-8") as f:
            record = json.load(f)
        with open(record_path + ".built", encoding="utf-8") as f:
            built = int(f.read().strip())
    except (OSError, ValueError):
        record, built = {}, None
    if record and (built is None or last_build(target) > built):
        print("[setup] the shared build changed since the last run (another checkout, or files since changed back): every file counts as new")
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
    if len(sys.argv) == 4 and sys.argv[1] == "--stamp":
        sys.exit(stamp(sys.argv[2], sys.argv[3]))
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[-2])
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
