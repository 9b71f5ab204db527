"""Names and addresses of the lab topology (documentation ranges only; see lab.py)."""
PREFIX = "wwlab"
TARGETS = ("203.0.113.10", "203.0.113.11", "203.0.113.12")
DNS_SERVER = "203.0.113.53"
GATEWAY = "10.77.0.1"
HOST_ADDR = "10.77.0.2"
ROUTER_WAN = "203.0.113.1"
TCP_PORTS = (22, 443)
DAEMON_PORT = 8080  # inside the lab's own host namespace, so never in use
