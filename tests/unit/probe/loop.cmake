# Tests of the schedule, the resolver and the probe service (src/probe/loop.cmake).
ww_unit_test(probe_schedule_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/schedule_test.cpp
  LIBS ww_probe)
ww_unit_test(probe_service_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/address_resolver_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/probe_service_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/probe_service_lifecycle_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/probe_service_uplink_test.cpp
  LIBS ww_probe)
