# temporal_layer(<layer> SOURCES <files...> [DEPENDS <targets...>])
#
# Declares one layer of the SDK (ARCHITECTURE.md) as its own library,
# temporal_<layer> with the alias temporal::<layer>. A layer links only the
# layers below it, so an arrow pointing up fails to link instead of creeping in.
# Headers live next to the sources under sdk/temporal/<layer>/ and install to
# include/temporal/<layer>/. internal/ folders install too: public templates
# (workflow.h, worker.h) include them, but user code must not.
function(temporal_layer layer)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPENDS" ${ARGN})
  set(target temporal_${layer})
  add_library(${target} ${arg_SOURCES})
  add_library(temporal::${layer} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer} OUTPUT_NAME ${target})
  target_include_directories(${target} PUBLIC
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/sdk>"
    "$<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/sdk/include>"
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
  target_link_libraries(${target} PUBLIC ${arg_DEPENDS})
  temporal_project_options(${target})
  install(TARGETS ${target} EXPORT temporal-sdk-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/sdk/temporal/${layer}/"
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/temporal/${layer}"
    FILES_MATCHING PATTERN "*.h")
endfunction()
