# ww_probe: the schedule, the probe loop (ProbeService) and host-name resolution.
# Links the probers' libraries when their parts of src/probe exist.
add_library(ww_probe STATIC
  ${CMAKE_CURRENT_LIST_DIR}/schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/address_resolver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_service_addresses.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_service.cpp)
target_link_libraries(ww_probe PUBLIC ww_core ww_asio spdlog::spdlog)
foreach(lib ww_probe_icmp ww_probe_net)
  if(TARGET ${lib})
    target_link_libraries(ww_probe PUBLIC ${lib})
  endif()
endforeach()
