add_executable(ww_engine_bench ${CMAKE_CURRENT_LIST_DIR}/engine_bench.cpp)
target_link_libraries(ww_engine_bench PRIVATE ww_engine benchmark::benchmark)
