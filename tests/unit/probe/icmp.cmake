# ICMP prober tests. icmp_test: pure code (packets, sequence map, timeouts).
# icmp_socket_test: real sockets on loopback and in network namespaces the tests
# create themselves (they need root and skip with a reason without it).
ww_unit_test(icmp_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/icmp_packet_test.cpp ${CMAKE_CURRENT_LIST_DIR}/icmp_seq_map_test.cpp
  LIBS ww_probe_icmp)
ww_unit_test(icmp_socket_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/icmp_loopback_test.cpp ${CMAKE_CURRENT_LIST_DIR}/icmp_netns_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/icmp_test_lab.cpp ${CMAKE_CURRENT_LIST_DIR}/icmp_test_responder.cpp
  LIBS ww_probe_icmp)
