"""test_openapi's GET cases for /api/analysis/* (the daemon there has run one
speed test and probes its targets, so both analyses have data)."""

ANALYSIS_SCHEMAS = ["AnomalyFlag", "AnomalyResult", "TimeOfDayHour", "TrendMonth", "TrendReport",
                    "PingAnomalyFlag", "PingBucket", "PingAnomalyGroup", "PingHour",
                    "PingTimeOfDayGroup"]


def analysis_cases(case):
    """`case` is test_openapi's Case."""
    a = "/api/analysis/"
    return [
        case(a + "anomalies", a + "anomalies", 200),
        case(a + "anomalies", a + "anomalies?limit=500&window=200&threshold=10", 200),
        case(a + "anomalies", a + "anomalies?limit=0", 400),
        case(a + "anomalies", a + "anomalies?threshold=1e1", 400),
        case(a + "time-of-day", a + "time-of-day", 200),
        case(a + "time-of-day", a + "time-of-day?days=0", 200),
        case(a + "time-of-day", a + "time-of-day?days=3651", 400),
        case(a + "trends", a + "trends", 200),
        case(a + "trends", a + "trends?months=0", 200),
        case(a + "trends", a + "trends?months=121", 400),
        case(a + "ping/anomalies", a + "ping/anomalies", 200),
        case(a + "ping/anomalies", a + "ping/anomalies?resolution=5m&limit=5&window=3", 200),
        case(a + "ping/anomalies", a + "ping/anomalies?resolution=1d", 400),
        case(a + "ping/anomalies", a + "ping/anomalies?target=no-such-target", 404),
        case(a + "ping/time-of-day", a + "ping/time-of-day?days=0", 200),
        case(a + "ping/time-of-day", a + "ping/time-of-day?days=-1", 400),
        case(a + "ping/time-of-day", a + "ping/time-of-day?target=no-such-target", 404),
    ]
