#!/usr/bin/env python3
"""Independent reference values for tests/unit/engine/analysis_test.cpp.

Computes, with Python's `statistics` module (exact rational arithmetic for
mean, stdev and regression) and none of wanwatch's code, the expected numbers
of the analysis datasets that the C++ test holds as constants. The datasets
below are copied in the test; run this script after changing one and paste
what it prints (python3 tests/unit/engine/analysis_reference.py).
"""
import statistics
from datetime import datetime, timezone

# --- Anomalies: speed test figures, oldest first (None = not measured). ---
DOWNLOAD = [100, 110, 90, 40, 105, 95, 300, 100]
UPLOAD = [20, 20, 20, 20, 21, 19, 20, 5]
PING = [10, 12, None, 11, 50, 10, 11, 12]
WINDOW = 4
THRESHOLD = 2.0


def anomalies(series, window, threshold):
    """Flags per row: (row, metric, value, mean, stdev, z), |z| > threshold."""
    out = []
    for i in range(len(series[0])):
        for m, values in enumerate(series):
            value = values[i]
            if value is None:
                continue
            base = [v for v in values[max(0, i - window):i] if v is not None]
            if len(base) < 3:
                continue
            sd = statistics.stdev(base)
            if sd == 0:
                continue
            mean = statistics.fmean(base)
            z = (value - mean) / sd
            if abs(z) > threshold:
                out.append((i, m, value, mean, sd, z))
    return out


# --- Time of day: (ISO time, download, upload, ping). ---
HOURLY = [
    ("2026-03-01T02:10:00", 300.0, 40.0, 12.0),
    ("2026-03-02T02:50:00", 310.5, 42.5, 13.0),
    ("2026-03-03T02:59:59", 290.25, None, 14.5),
    ("2026-03-01T23:00:00", 100.0, 10.0, 30.0),
    ("2026-03-04T00:00:00", 200.0, 20.0, 20.0),
]

# --- Trends: (ISO time, download, upload, ping); February has no results. ---
MONTHLY = [
    ("2026-01-05T10:00:00", 100.0, 10.0, 20.0),
    ("2026-01-20T10:00:00", 110.0, 12.0, 22.0),
    ("2026-03-01T00:00:00", 90.0, 9.0, 25.0),
    ("2026-04-10T10:00:00", 85.0, 8.0, 30.0),
    ("2026-04-11T10:00:00", 80.0, 8.5, 31.0),
    ("2026-04-30T23:59:59", 75.0, 7.5, 29.0),
]

# --- Ping buckets: (count, lost, sum_ms) of consecutive hours. ---
PING_BUCKETS = [(60, 0, 600.0), (60, 0, 612.0), (60, 1, 590.0), (60, 0, 606.0),
                (60, 30, 2400.0), (0, 0, 0.0)]


def month_number(iso):
    t = datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)
    return t.year * 12 + t.month - 1


def main():
    print("# anomalies (row, metric, value, mean, stdev, z)")
    for f in anomalies([DOWNLOAD, UPLOAD, PING], WINDOW, THRESHOLD):
        print("  {%d, %d, %r, %.15g, %.15g, %.15g}," % f)

    print("# time of day (hour, count, avg dl, avg ul, avg ping, min dl, max dl)")
    hours = {}
    for iso, d, u, p in HOURLY:
        hours.setdefault(datetime.fromisoformat(iso).hour, []).append((d, u, p))
    for h in sorted(hours):
        rows = hours[h]
        col = lambda k: [r[k] for r in rows if r[k] is not None]  # noqa: E731
        print("  hour %d: n=%d dl=%.15g ul=%s ping=%.15g min=%r max=%r" % (
            h, len(rows), statistics.fmean(col(0)),
            "%.15g" % statistics.fmean(col(1)) if col(1) else "null",
            statistics.fmean(col(2)), min(col(0)), max(col(0))))

    print("# trends (month, count, means) and slopes over the month index")
    months = {}
    for iso, d, u, p in MONTHLY:
        months.setdefault(month_number(iso), []).append((d, u, p))
    first = min(months)
    xs = [m - first for m in sorted(months)]
    means = [[statistics.fmean(r[k] for r in months[m]) for m in sorted(months)] for k in range(3)]
    for i, m in enumerate(sorted(months)):
        print("  %04d-%02d n=%d dl=%.15g ul=%.15g ping=%.15g" % (
            m // 12, m % 12 + 1, len(months[m]), means[0][i], means[1][i], means[2][i]))
    for name, ys in zip(("download", "upload", "ping"), means):
        slope = statistics.linear_regression(xs, ys).slope
        print("  %s slope %.15g, tolerance (1%% of mean of means) %.15g" % (
            name, slope, 0.01 * statistics.fmean(ys)))

    print("# ping buckets (avg latency, loss %) and anomalies, window 4, threshold 2")
    latency = [s / (c - l) if c > l else None for c, l, s in PING_BUCKETS]
    loss = [100.0 * l / c if c else None for c, l, s in PING_BUCKETS]
    print("  latency", latency)
    print("  loss", loss)
    for f in anomalies([latency, loss], 4, 2.0):
        print("  {%d, %d, %r, %.15g, %.15g, %.15g}," % f)


if __name__ == "__main__":
    main()
