# /api/health: one request with the 24 h gap scan cached, and with it.
add_executable(ww_health_bench ${CMAKE_CURRENT_LIST_DIR}/health_bench.cpp)
target_link_libraries(ww_health_bench PRIVATE ww_api ww_store benchmark::benchmark)
