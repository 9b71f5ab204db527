# Tests of ww_probe_net (src/probe/net.cmake): parsers without sockets, probers
# against servers the tests run on loopback, and namespace scenarios.
ww_unit_test(probe_net_parsers_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/dns_message_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/route_table_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/interface_state_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/resolv_conf_test.cpp
  LIBS ww_probe_net)
ww_unit_test(probe_net_probers_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/interface_test_util.cpp
          ${CMAKE_CURRENT_LIST_DIR}/tcp_prober_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/dns_prober_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/http_prober_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/http_prober_tls_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/net_watcher_test.cpp
  LIBS ww_probe_net)
