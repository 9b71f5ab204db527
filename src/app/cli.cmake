# The command line (library ww_cli). Included by src/app/CMakeLists.txt; tests include it
# themselves when the app has not, so the guard keeps one definition.
if(NOT TARGET ww_cli)
  add_library(ww_cli STATIC ${CMAKE_CURRENT_LIST_DIR}/cli.cpp
                            ${CMAKE_CURRENT_LIST_DIR}/speedtest_server_args.cpp
                            ${CMAKE_CURRENT_LIST_DIR}/speedtest_args.cpp)
  target_include_directories(ww_cli PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ww_cli PUBLIC ww_config PRIVATE CLI11::CLI11)
  target_compile_definitions(ww_cli PRIVATE WANWATCH_VERSION_STRING="${WANWATCH_VERSION}")
endif()
