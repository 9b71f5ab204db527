# isp-status history benchmark: /api/history?range=90d and /api/history.csv on
# 90 days of data for 3 uplinks. The generated database is kept in the build
# directory between runs.
add_executable(ww_uplink_history_bench ${CMAKE_CURRENT_LIST_DIR}/uplink_history_bench.cpp
                                       ${CMAKE_CURRENT_LIST_DIR}/uplink_history_db.cpp)
target_include_directories(ww_uplink_history_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(ww_uplink_history_bench PRIVATE ww_api ww_store benchmark::benchmark)
target_compile_definitions(
  ww_uplink_history_bench PRIVATE WW_BENCH_DATA_DIR="${CMAKE_CURRENT_BINARY_DIR}/uplink_history_db")
