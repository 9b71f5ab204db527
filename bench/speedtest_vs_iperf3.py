#!/usr/bin/env python3
"""`wanwatch speedtest` against `wanwatch speedtest-server` next to iperf3, in the
same run, on two unshaped paths: loopback (a private namespace holding only lo)
and a veth pair between two namespaces.

    bench/speedtest_vs_iperf3.py [BUILD_DIR] [--seconds S] [--streams N] [--protocol P]
    defaults: build/bench 10 4 librespeed      (BUILD_DIR: a Release build with wanwatch)

Rows per path: iperf3 -P N -t S -O 2 (download with -R) against iperf3 -s, then
wanwatch with --duration S+2 (its 2 s warm-up is not counted, like iperf3's -O 2).
Throughput is the received goodput of the measured part, as each tool reports it;
"ratio" is wanwatch over iperf3 (goal: at least 0.7). CPU seconds per Gbit are
user + system time over all payload moved (warm-up included, both directions):
the client's from wait4(), the server's from /proc/<pid>/stat before and after.
Needs root (namespaces); every namespace is removed on exit.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

TICKS = os.sysconf("SC_CLK_TCK")
PORT_IPERF, PORT_WW = 5301, 8391


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True)


def ns_exec(ns, *cmd):
    return ["ip", "netns", "exec", ns, *cmd]


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def run_client(cmd, timeout):
    """Runs cmd; returns (stdout, CPU seconds of the process from its rusage)."""
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.05)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return out.read().decode(errors="replace"), ru.ru_utime + ru.ru_stime


class Server:
    def __init__(self, ns, cmd, ready, log_path):
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(ns_exec(ns, *cmd), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while ready not in open(log_path, errors="replace").read():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} did not start: {open(log_path).read()[-500:]}")
            time.sleep(0.05)

    def cpu(self):
        return proc_cpu_seconds(self.proc.pid)  # `ip netns exec` execs: same pid

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def iperf3_row(client_ns, server_ns, addr, args, tmp):
    srv = Server(server_ns, ["iperf3", "-s", "--forceflush", "-B", addr, "-p", str(PORT_IPERF)],
                 "Server listening", os.path.join(tmp, "iperf3.log"))
    rate, cpu_client, gbit = {}, 0.0, 0.0
    cpu_server0 = srv.cpu()
    try:
        for direction in ("down", "up"):
            cmd = ["iperf3", "-c", addr, "-p", str(PORT_IPERF), "-J", "-t", str(args.seconds),
                   "-O", "2", "-P", str(args.streams)] + (["-R"] if direction == "down" else [])
            out, cpu = run_client(ns_exec(client_ns, *cmd), args.seconds + 30)
            j = json.loads(out)
            rate[direction] = j["end"]["sum_received"]["bits_per_second"] / 1e9
            # Every interval, the omitted warm-up ones too: the CPU time covers them.
            gbit += sum(i["sum"]["bytes"] for i in j["intervals"]) * 8 / 1e9
            cpu_client += cpu
        cpu_server = srv.cpu() - cpu_server0
    finally:
        srv.stop()
    return rate, cpu_client / gbit, cpu_server / gbit


def wanwatch_row(client_ns, server_ns, addr, args, tmp):
    srv = Server(server_ns, [args.bin, "speedtest-server", "--listen", f"{addr}:{PORT_WW}"],
                 "listening on", os.path.join(tmp, "ww-server.log"))
    cpu_server0 = srv.cpu()
    try:
        cmd = [args.bin, "speedtest", "--json", "--server", f"http://{addr}:{PORT_WW}",
               "--protocol", args.protocol, "--streams", str(args.streams),
               "--duration", str(args.seconds + 2)]
        out, cpu_client = run_client(ns_exec(client_ns, *cmd), 3 * args.seconds + 60)
        cpu_server = srv.cpu() - cpu_server0
    finally:
        srv.stop()
    r = json.loads(out)
    if r.get("status") != "ok":
        raise RuntimeError(f"wanwatch speedtest failed: {r.get('error')}")
    gbit = (r["bytes_downloaded"] + r["bytes_uploaded"]) * 8 / 1e9
    rate = {"down": r["download_mbps"] / 1e3, "up": r["upload_mbps"] / 1e3}
    return rate, cpu_client / gbit, cpu_server / gbit


def make_paths():
    """[(label, client ns, server ns, server address)], and the namespaces to delete."""
    tag = f"wwbench{os.getpid()}"
    lo, cl, sv = f"{tag}lo", f"{tag}c", f"{tag}s"
    created = []
    for ns in (lo, cl, sv):
        sh("ip", "netns", "add", ns)
        created.append(ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "link", "add", "eth0", "netns", cl, "type", "veth", "peer", "name", "eth0", "netns", sv)
    for ns, a in ((cl, "10.89.0.2"), (sv, "10.89.0.1")):
        sh("ip", "-n", ns, "addr", "add", f"{a}/24", "dev", "eth0")
        sh("ip", "-n", ns, "link", "set", "eth0", "up")
    return [("loopback", lo, lo, "127.0.0.1"), ("veth", cl, sv, "10.89.0.1")], created


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build/bench")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--streams", type=int, default=4)
    ap.add_argument("--protocol", default="librespeed", choices=["librespeed", "cloudflare"])
    args = ap.parse_args()
    args.bin = os.path.abspath(os.path.join(args.build, "src/app/wanwatch"))
    if not os.access(args.bin, os.X_OK):
        print(f"speedtest_vs_iperf3: {args.bin} not found (build target wanwatch)", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("speedtest_vs_iperf3: needs root (network namespaces)", file=sys.stderr)
        return 2
    paths, created = make_paths()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"{args.streams} streams, {args.seconds} s measured per direction, "
                  f"wanwatch protocol {args.protocol}")
            print("%-9s %-9s %11s %11s %8s %8s %14s %14s" % (
                "path", "tool", "down Gbit/s", "up Gbit/s", "down %", "up %",
                "client s/Gbit", "server s/Gbit"))
            for label, cns, sns, addr in paths:
                ref, ref_c, ref_s = iperf3_row(cns, sns, addr, args, tmp)
                ww, ww_c, ww_s = wanwatch_row(cns, sns, addr, args, tmp)
                print("%-9s %-9s %11.2f %11.2f %8s %8s %14.3f %14.3f" % (
                    label, "iperf3", ref["down"], ref["up"], "", "", ref_c, ref_s))
                print("%-9s %-9s %11.2f %11.2f %7.0f%% %7.0f%% %14.3f %14.3f" % (
                    label, "wanwatch", ww["down"], ww["up"], 100 * ww["down"] / ref["down"],
                    100 * ww["up"] / ref["up"], ww_c, ww_s), flush=True)
    finally:
        for ns in created:
            for pid in sh("ip", "netns", "pids", ns, check=False).stdout.split():
                try:
                    os.kill(int(pid), 9)
                except ProcessLookupError:
                    pass
            sh("ip", "netns", "del", ns, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
