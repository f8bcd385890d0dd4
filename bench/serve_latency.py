#!/usr/bin/env python3
"""Measures the time from saving one guide to the reload event for its page.

Starts `guidepress serve` on a site (e.g. one made by generate.py), listens
to its server-sent events like a browser does, then edits one guide's prose
again and again; each sample is the time from the write to the `reload`
event that follows it. Prints p50 / p95 / min / max in milliseconds.

usage: bench/serve_latency.py GUIDEPRESS_BINARY SITE_DIR [--edits 30] [--pause 0.25]
"""
import argparse
import glob
import json
import os
import re
import socket
import statistics
import subprocess
import time


def read_event(stream):
    """Returns the data of the next `reload` event."""
    while True:
        line = stream.readline()
        if not line:
            raise RuntimeError("event stream closed")
        if line.startswith(b"data: "):
            return json.loads(line[6:])


def edit_prose(text, i):
    """The guide with a sentence of its prose changed; fails if nothing changed."""
    for marker in ("**Why This Role Pays**\n", "**Negotiation DNA**\n"):
        if marker in text:
            return text.replace(marker, f"{marker}Edit number {i}. ", 1)
    raise RuntimeError("no prose marker to edit in the guide")


def shows_a_guide(event):
    """The event reloads a guide page (or every page)."""
    pages = event.get("pages")
    return pages is None or any(re.fullmatch(r"/companies/[^/]+/[^/]+/", p) for p in pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("site")
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.25,
                        help="seconds between one edit's last event and the next edit")
    args = parser.parse_args()
    started = time.perf_counter()
    server = subprocess.Popen([args.binary, "-r", args.site, "serve", "-p", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    try:
        line = server.stdout.readline().decode()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        startup = time.perf_counter() - started
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /__guidepress/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        stream = sock.makefile("rb")
        version = read_event(stream)["version"]
        guide = sorted(glob.glob(os.path.join(args.site, "content", "*.md")))[len(glob.glob(os.path.join(args.site, "content", "*.md"))) // 2]
        original = open(guide).read()
        samples = []
        for i in range(args.edits):
            edited = edit_prose(original, i)
            t0 = time.perf_counter()
            with open(guide, "w") as f:
                f.write(edited)
            # The edited guide's page is announced first; the site-wide
            # pages follow in a second event, awaited before the next edit.
            while True:
                event = read_event(stream)
                if event["version"] > version:
                    version = event["version"]
                    if shows_a_guide(event):
                        break
            samples.append((time.perf_counter() - t0) * 1000)
            if event.get("pages") is not None:
                version = read_event(stream)["version"]
            time.sleep(args.pause)
        with open(guide, "w") as f:
            f.write(original)
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
        guides = len(glob.glob(os.path.join(args.site, "content", "*.md")))
        print(f"guides={guides} edits={len(samples)} startup={startup:.1f}s "
              f"p50={statistics.median(samples):.1f}ms p95={p95:.1f}ms min={samples[0]:.1f}ms max={samples[-1]:.1f}ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
