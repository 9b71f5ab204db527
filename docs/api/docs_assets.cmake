# /docs and /openapi.json: the files of docs/api/ compiled into ww_api
# (embed_files.cmake → docs_assets_data.cpp), so the daemon serves its own
# documentation with no files at run time. Included by src/api/CMakeLists.txt.
set(ww_docs_dir ${CMAKE_CURRENT_LIST_DIR})
set(ww_docs_inputs ${ww_docs_dir}/docs.html ${ww_docs_dir}/docs.css ${ww_docs_dir}/openapi.json)
set(ww_docs_cpp ${CMAKE_CURRENT_BINARY_DIR}/docs_assets_data.cpp)
list(JOIN ww_docs_inputs "|" ww_docs_inputs_arg)
add_custom_command(
  OUTPUT ${ww_docs_cpp}
  COMMAND ${CMAKE_COMMAND} -DOUT=${ww_docs_cpp} -DINPUTS=${ww_docs_inputs_arg}
          -P ${ww_docs_dir}/embed_files.cmake
  DEPENDS ${ww_docs_inputs} ${ww_docs_dir}/embed_files.cmake
  COMMENT "embed: /docs and /openapi.json into C++"
  VERBATIM)
target_sources(ww_api PRIVATE ${ww_docs_cpp})
