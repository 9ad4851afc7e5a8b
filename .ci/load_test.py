"""A bounded read load against a server on this machine: N concurrent readers for S seconds.

Prints requests, errors, p50 and p95 latency; exits 1 when any request failed. Only loopback addresses
are accepted as targets.
"""

import argparse
import statistics
import sys
import threading
import time
import urllib.request
from urllib.parse import quote, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def reader(base: str, paths: list[str], until: float, timings: list, errors: list, lock: threading.Lock) -> None:
    index = 0
    while time.monotonic() < until:
        path = paths[index % len(paths)]
        index += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + quote(path, safe="/?=&%"), timeout=30) as response:  # noqa: S310 (loopback http only)
                response.read()
                ok = response.status == 200
        except Exception as exc:  # any failure is counted, never ends the reader
            ok = False
            path = f"{path} ({exc})"
        elapsed = time.monotonic() - started
        with lock:
            timings.append(elapsed)
            if not ok:
                errors.append(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in LOOPBACK:
        print("the load test only targets this machine (127.0.0.1)", file=sys.stderr)
        return 2
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=reader, args=(args.base, args.paths, until, timings, errors, lock))
        for _ in range(args.readers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(timings)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0
    print(
        f"load: {args.readers} readers for {args.seconds:.0f}s: {len(timings)} requests, {len(errors)} errors, "
        f"p50 {statistics.median(ordered) * 1000 if ordered else 0:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )
    for error in errors[:10]:
        print("  failed:", error)
    return 1 if errors or not timings else 0


if __name__ == "__main__":
    sys.exit(main())
