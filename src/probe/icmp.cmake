# ICMP echo prober (IPv4/IPv6): pure packet code, sequence map, timeout queue,
# sockets and the prober. See src/probe/icmp_prober.h.
add_library(ww_probe_icmp STATIC
  ${CMAKE_CURRENT_LIST_DIR}/icmp_packet.cpp
  ${CMAKE_CURRENT_LIST_DIR}/icmp_seq_map.cpp
  ${CMAKE_CURRENT_LIST_DIR}/icmp_socket.cpp
  ${CMAKE_CURRENT_LIST_DIR}/icmp_prober.cpp
  ${CMAKE_CURRENT_LIST_DIR}/icmp_prober_receive.cpp)
target_link_libraries(ww_probe_icmp PUBLIC ww_core ww_asio spdlog::spdlog)
