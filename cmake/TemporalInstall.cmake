# Install rules shared by all targets: the export set and the package config,
# so that a separate project can write
#   find_package(temporal-sdk CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE temporal::sdk)
include(CMakePackageConfigHelpers)

set(TEMPORAL_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/temporal-sdk")

install(EXPORT temporal-sdk-targets
  NAMESPACE temporal::
  FILE temporal-sdk-targets.cmake
  DESTINATION "${TEMPORAL_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/temporal-sdk-config.cmake.in"
  "${PROJECT_BINARY_DIR}/temporal-sdk-config.cmake"
  INSTALL_DESTINATION "${TEMPORAL_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/temporal-sdk-config-version.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/temporal-sdk-config.cmake"
  "${PROJECT_BINARY_DIR}/temporal-sdk-config-version.cmake"
  DESTINATION "${TEMPORAL_INSTALL_CMAKEDIR}")
