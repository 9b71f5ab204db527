# DNS reply codec (src/probe/dns_message.h); seeds in corpus/dns_reply/
# (regenerate with dns_reply_seeds.py).
ww_fuzz_target(dns_reply SOURCES dns_reply_fuzz.cpp LIBS ww_probe_net)
