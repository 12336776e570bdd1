# Obtains the Temporal API protos for the build (see third_party/temporal-api/README.md).
#
# Sets, in the caller's scope:
#   TEMPORAL_API_STAGED_PROTO_DIR  folder with the .proto tree handed to protoc
#   TEMPORAL_API_PROTO_FILES       the .proto files to compile, relative to it
#
# Steps: download the pinned package (once, into a cache) -> verify SHA-256 ->
# extract the proto folders -> copy into the staging tree, renaming the two
# packages that Protobuf 3.21 cannot compile to C++.
include("${PROJECT_SOURCE_DIR}/third_party/temporal-api/pin.cmake")
include(TemporalFetchVerified)

set(TEMPORAL_API_PROTO_DIR "" CACHE PATH
    "A checkout of temporalio/api (holding temporal/api/...) to build instead of the pinned package")
set(TEMPORAL_TESTSERVICE_PROTO_DIR "" CACHE PATH
    "A folder holding temporal/api/testservice/... to use instead of the pinned package")

if(DEFINED ENV{XDG_CACHE_HOME})
  set(_temporal_default_cache "$ENV{XDG_CACHE_HOME}/temporal-cpp-sdk")
elseif(DEFINED ENV{HOME})
  set(_temporal_default_cache "$ENV{HOME}/.cache/temporal-cpp-sdk")
else()
  set(_temporal_default_cache "${PROJECT_BINARY_DIR}/_downloads")
endif()
set(TEMPORAL_DOWNLOAD_CACHE "${_temporal_default_cache}" CACHE PATH
    "Where downloaded archives (the pinned proto package) are kept between builds")

# Copies every .proto under <from> into <to>, keeping relative paths, renaming
# the C++-hostile packages and field names. Files are rewritten only when their content
# changes, so re-configuring never triggers a rebuild of the generated code.
function(_temporal_stage_protos from to out_files)
  file(GLOB_RECURSE protos RELATIVE "${from}" "${from}/*.proto")
  set(staged "")
  foreach(rel IN LISTS protos)
    file(READ "${from}/${rel}" content)
    string(REPLACE "temporal.api.namespace.v1" "temporal.api.namespace_.v1" content "${content}")
    string(REPLACE "temporal.api.export.v1" "temporal.api.export_.v1" content "${content}")
    # `linux` and `unix` are predefined macros under GNU dialects (-std=gnu++20,
    # CMake's default for consumers), which breaks the generated accessors.
    # Rename such fields; json_name keeps their JSON spelling, and field
    # numbers alone make the wire format.
    string(REGEX REPLACE "([ \t])(linux|unix)([ \t]*=[ \t]*[0-9]+)[ \t]*;"
           "\\1\\2_\\3 [json_name = \"\\2\"];" content "${content}")
    set(dest "${to}/${rel}")
    set(old "")
    if(EXISTS "${dest}")
      file(READ "${dest}" old)
    endif()
    if(NOT old STREQUAL content)
      file(WRITE "${dest}" "${content}")
    endif()
    list(APPEND staged "${rel}")
  endforeach()
  set(${out_files} "${staged}" PARENT_SCOPE)
endfunction()

set(_staging "${PROJECT_BINARY_DIR}/temporal-api-protos")
set(_extract "${PROJECT_BINARY_DIR}/_temporal-api-package")
set(_package_root "${_extract}/package/sdk-core/crates/protos/protos")

if(NOT TEMPORAL_API_PROTO_DIR OR NOT TEMPORAL_TESTSERVICE_PROTO_DIR)
  set(_stamp "${_extract}/.extracted-${TEMPORAL_API_PACKAGE_SHA256}")
  if(NOT EXISTS "${_stamp}")
    set(_archive "${TEMPORAL_DOWNLOAD_CACHE}/core-bridge-${TEMPORAL_API_PACKAGE_VERSION}.tgz")
    temporal_fetch_verified(
      URL "${TEMPORAL_API_PACKAGE_URL}"
      SHA256 "${TEMPORAL_API_PACKAGE_SHA256}"
      DESTINATION "${_archive}"
      WHAT "Temporal API protos (${TEMPORAL_API_PACKAGE}@${TEMPORAL_API_PACKAGE_VERSION})"
      HINT "Or configure with -DTEMPORAL_API_PROTO_DIR=<checkout of temporalio/api>.")
    file(REMOVE_RECURSE "${_extract}")
    file(ARCHIVE_EXTRACT INPUT "${_archive}" DESTINATION "${_extract}"
         PATTERNS
           "package/sdk-core/crates/protos/protos/api_upstream/temporal"
           "package/sdk-core/crates/protos/protos/api_upstream/google/api"
           "package/sdk-core/crates/protos/protos/api_upstream/nexusannotations"
           "package/sdk-core/crates/protos/protos/testsrv_upstream/temporal")
    if(NOT EXISTS "${_package_root}/api_upstream/temporal/api/workflowservice/v1/service.proto")
      message(FATAL_ERROR
        "Temporal API: ${_archive} does not hold the expected proto layout "
        "(api_upstream/temporal/api/workflowservice/v1/service.proto is missing).")
    endif()
    file(TOUCH "${_stamp}")
  endif()
endif()

if(TEMPORAL_API_PROTO_DIR)
  if(NOT EXISTS "${TEMPORAL_API_PROTO_DIR}/temporal/api/workflowservice/v1/service.proto")
    message(FATAL_ERROR
      "TEMPORAL_API_PROTO_DIR=${TEMPORAL_API_PROTO_DIR} does not look like a temporalio/api "
      "checkout: temporal/api/workflowservice/v1/service.proto is missing.")
  endif()
  set(_api_root "${TEMPORAL_API_PROTO_DIR}")
  message(STATUS "Temporal API: using protos from ${_api_root}")
else()
  set(_api_root "${_package_root}/api_upstream")
  message(STATUS "Temporal API: using ${TEMPORAL_API_PACKAGE}@${TEMPORAL_API_PACKAGE_VERSION}")
endif()
if(TEMPORAL_TESTSERVICE_PROTO_DIR)
  set(_testsrv_root "${TEMPORAL_TESTSERVICE_PROTO_DIR}")
else()
  set(_testsrv_root "${_package_root}/testsrv_upstream")
endif()

_temporal_stage_protos("${_api_root}/temporal" "${_staging}/temporal" _temporal_files)
_temporal_stage_protos("${_api_root}/google/api" "${_staging}/google/api" _google_api_files)
_temporal_stage_protos("${_testsrv_root}/temporal" "${_staging}/temporal" _testsrv_files)
set(_nexus_files "")
if(EXISTS "${_api_root}/nexusannotations")
  _temporal_stage_protos("${_api_root}/nexusannotations" "${_staging}/nexusannotations" _nexus_files)
  list(TRANSFORM _nexus_files PREPEND "nexusannotations/")
endif()
list(TRANSFORM _temporal_files PREPEND "temporal/")
list(TRANSFORM _google_api_files PREPEND "google/api/")
list(TRANSFORM _testsrv_files PREPEND "temporal/")

set(TEMPORAL_API_STAGED_PROTO_DIR "${_staging}")
set(TEMPORAL_API_PROTO_FILES ${_temporal_files} ${_testsrv_files} ${_google_api_files} ${_nexus_files})
list(REMOVE_DUPLICATES TEMPORAL_API_PROTO_FILES)
list(SORT TEMPORAL_API_PROTO_FILES)
list(LENGTH TEMPORAL_API_PROTO_FILES _count)
message(STATUS "Temporal API: ${_count} proto files staged in ${_staging}")
