# Scheduler benchmarks (src/probe/loop.cmake): cost per scheduled probe, and
# the long-run drift of the real-time loop.
add_executable(ww_schedule_bench ${CMAKE_CURRENT_LIST_DIR}/schedule_bench.cpp)
target_link_libraries(ww_schedule_bench PRIVATE ww_probe benchmark::benchmark)
add_executable(ww_schedule_drift ${CMAKE_CURRENT_LIST_DIR}/schedule_drift.cpp)
target_link_libraries(ww_schedule_drift PRIVATE ww_probe)
