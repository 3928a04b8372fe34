"""The chart browser's cost: its start-up time and the memory of its Chromium processes (one per process that
starts one: today the job worker, and a web worker only for a report nobody prepared).

Usage: python -m benchmarks chart_browser. RSS counts pages shared between Chromium's processes once per process,
so its sum overstates; PSS shares them out and is what the machine really gives one more browser.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from roadmap.render.svg import ChartExporter, find_browser


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def memory_kib(pid: int, file: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> bool:
    browser = find_browser(None)
    if browser is None:
        print("no Chromium (BROWSER_PATH or /usr/bin/chromium): nothing measured")
        return True
    exporter = ChartExporter(browser)
    figure = {
        "data": [{"type": "scatterpolar", "r": [1, 2, 3, 2, 1], "theta": list("abcde"), "fill": "toself"}],
        "layout": {},
    }
    try:
        started = time.perf_counter()
        exporter.start()
        start_up = time.perf_counter() - started
        for _ in range(5):  # a few exports, as a worker that has made reports would have
            exporter.svg(figure, 700, 500)
        processes = descendants(os.getpid())
        rss = sum(memory_kib(pid, "status", "VmRSS:") for pid in processes) / 1024
        pss = sum(memory_kib(pid, "smaps_rollup", "Pss:") for pid in processes) / 1024
    finally:
        exporter.close()
    print(f"browser start-up                       {start_up * 1000:.0f} ms")
    print(f"Chromium processes                     {len(processes)}")
    print(f"their memory, PSS (what one costs)     {pss:.0f} MiB")
    print(f"their memory, RSS summed (overstated)  {rss:.0f} MiB")
    return True


if __name__ == "__main__":
    main()
