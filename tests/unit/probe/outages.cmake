# Tests of ww_outages (src/probe/outages.cmake): the monitor with a scripted
# prober and a fake clock, the recorder on a temp-dir store, the enrichment
# parsers, and the TCP connect round against loopback.
ww_unit_test(outages_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/outage_monitor_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/outage_recorder_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/outage_enrichment_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/tcp_connect_round_test.cpp
  LIBS ww_outages)
