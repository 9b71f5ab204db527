# Config file parsing and validation (owner: config).
ww_fuzz_target(config_toml SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/config_toml_fuzz.cpp LIBS ww_config)
