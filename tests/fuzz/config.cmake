# Config file parsing and validation (owner: config).
# toml++ reports errors by exception, slow under ASan at -O0: fewer mutations in ctest.
ww_fuzz_target(config_toml SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/config_toml_fuzz.cpp LIBS ww_config
               ITERATIONS 4000)
