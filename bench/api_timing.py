"""Times GET requests against a running daemon over one kept-alive connection
and prints a Markdown table (median, p95, body size) for bench/RESULTS.md.
Shared by the API benchmarks (speedtest_api_bench.py, analysis_api_bench.py)."""
import http.client
import statistics
import time


def print_timing_table(port, paths, requests, timeout=30):
    """Each path `requests` times; every answer must be 200."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    print("| request | median ms | p95 ms | bytes |")
    print("|---|---|---|---|")
    try:
        for path in paths:
            times, size = [], 0
            for _ in range(requests):
                t0 = time.perf_counter()
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read()
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status == 200, (path, r.status, body[:200])
                size = len(body)
            times.sort()
            print("| `%s` | %.2f | %.2f | %d |" % (path, statistics.median(times),
                                                 times[int(len(times) * 0.95) - 1], size))
    finally:
        conn.close()
