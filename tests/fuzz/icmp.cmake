# ICMP reply parsers (src/probe/icmp_packet.h); seeds in corpus/icmp_reply/
# (regenerate with icmp_reply_seeds.py).
ww_fuzz_target(icmp_reply SOURCES icmp_reply_fuzz.cpp LIBS ww_probe_icmp)
