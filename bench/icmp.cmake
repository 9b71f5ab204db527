# ICMP prober benchmarks: the reply parser (Google Benchmark) and a tool that
# pings a target list once, compared with fping by icmp_compare.sh.
add_executable(ww_icmp_bench ${CMAKE_CURRENT_LIST_DIR}/icmp_packet_bench.cpp)
target_link_libraries(ww_icmp_bench PRIVATE ww_probe_icmp benchmark::benchmark)
add_executable(ww_icmp_ping_once ${CMAKE_CURRENT_LIST_DIR}/icmp_ping_once.cpp)
target_link_libraries(ww_icmp_ping_once PRIVATE ww_probe_icmp CLI11::CLI11)
