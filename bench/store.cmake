# Store benchmarks: writer throughput ceiling and chart queries over a day.
add_executable(ww_store_bench ${CMAKE_CURRENT_LIST_DIR}/store_bench.cpp)
target_link_libraries(ww_store_bench PRIVATE ww_store benchmark::benchmark)
