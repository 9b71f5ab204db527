# The SSRF guard's URL reader (src/notify/url_guard.h): no crash on any input,
# an allowed URL holds only public addresses, and its rebuilt form (what libcurl
# is given) is judged the same. Seeds in corpus/url_guard/.
ww_fuzz_target(url_guard SOURCES url_guard_fuzz.cpp LIBS ww_notify)
