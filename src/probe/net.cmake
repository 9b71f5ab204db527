# ww_probe_net: TCP, DNS and HTTP probers; route, interface and resolver discovery.
add_library(ww_probe_net STATIC
  ${CMAKE_CURRENT_LIST_DIR}/interface_socket.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interface_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tcp_prober.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dns_message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dns_prober.cpp
  ${CMAKE_CURRENT_LIST_DIR}/curl_library.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_curl_loop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_outcome.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_prober.cpp
  ${CMAKE_CURRENT_LIST_DIR}/route_table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resolv_conf.cpp
  ${CMAKE_CURRENT_LIST_DIR}/net_watcher_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/net_watcher.cpp)
target_link_libraries(ww_probe_net PUBLIC ww_core ww_asio spdlog::spdlog ${CMAKE_DL_LIBS})
# Only the headers of libcurl: the library is loaded at run time (curl_library.h).
target_include_directories(ww_probe_net PUBLIC $<TARGET_PROPERTY:CURL::libcurl,INTERFACE_INCLUDE_DIRECTORIES>)
