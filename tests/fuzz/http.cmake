# HTTP request parsing and conversion (src/http).
ww_fuzz_target(http_request SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/http_request_fuzz.cpp LIBS ww_http)
