"""The daemon's configuration for lab runs, written as TOML (keys: src/config/config.h)."""
import json

from addresses import DNS_SERVER, TARGETS


def toml(sections):
    """Renders {"section": {"key": value}} as TOML (str, int, float, bool, lists); a
    section given as a list of dicts is an array of tables ({"uplinks": [{...}, {...}]}
    renders [[uplinks]] twice)."""
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        raise TypeError(f"toml: unsupported value {v!r}")
    lines = []
    for name, keys in sections.items():
        tables = keys if isinstance(keys, (list, tuple)) else [keys]
        header = f"[[{name}]]" if isinstance(keys, (list, tuple)) else f"[{name}]"
        for table in tables:
            lines.append(header)
            lines += [f"{k} = {value(v)}" for k, v in table.items()]
            lines.append("")
    return "\n".join(lines)


def default_daemon_config(targets=TARGETS, dns_server=DNS_SERVER):
    return {
        "probe": {
            "interval_ms": 200,
            "targets": list(targets),
            "gateway": "auto",
            "tcp_targets": [],
            "dns_servers": [dns_server],
            "dns_query": "example.com",
            "dns_interval_ms": 1000,
        },
        "engine": {"drop_threshold": 3},
        # Its defaults are public resolvers, not lab hosts; scenarios that want
        # outage events set their own targets (test_scenario_alerts.py).
        "outages": {"enabled": False},
    }
