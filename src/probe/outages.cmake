# ww_outages: the Hermes outage monitor (rounds of TCP connects on its own
# thread), its recorder (store, alerts, enrichment on another) and the
# enrichment sources' HTTP GETs.
add_library(ww_outages STATIC
  ${CMAKE_CURRENT_LIST_DIR}/tcp_connect_round.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outage_monitor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outage_recorder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outage_enrichment.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_get.cpp)
target_link_libraries(ww_outages PUBLIC ww_core ww_config ww_engine ww_store ww_notify
                                        ww_probe_net nlohmann_json::nlohmann_json spdlog::spdlog
                                        Threads::Threads)
