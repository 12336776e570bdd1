# temporal_fetch_verified(URL <url> SHA256 <hex> DESTINATION <file> [WHAT <label>] [HINT <text>])
#
# Makes <file> a copy of <url> whose SHA-256 is <hex>: keeps an existing file
# with the right checksum, else downloads (to <file>.partial, renamed only once
# verified). Stops with FATAL_ERROR naming the URL, the reason and both
# checksums when the download fails or the bytes differ; a wrong file is never
# left behind at <file>.
function(temporal_fetch_verified)
  cmake_parse_arguments(arg "" "URL;SHA256;DESTINATION;WHAT;HINT" "" ${ARGN})
  foreach(required URL SHA256 DESTINATION)
    if(NOT arg_${required})
      message(FATAL_ERROR "temporal_fetch_verified: ${required} is required")
    endif()
  endforeach()
  if(NOT arg_WHAT)
    set(arg_WHAT "${arg_URL}")
  endif()
  string(TOLOWER "${arg_SHA256}" expected)

  if(EXISTS "${arg_DESTINATION}")
    file(SHA256 "${arg_DESTINATION}" have)
    if(have STREQUAL expected)
      return()
    endif()
    message(STATUS "${arg_WHAT}: cached ${arg_DESTINATION} has the wrong checksum; downloading again")
    file(REMOVE "${arg_DESTINATION}")
  endif()

  message(STATUS "${arg_WHAT}: downloading ${arg_URL}")
  get_filename_component(dir "${arg_DESTINATION}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  set(partial "${arg_DESTINATION}.partial")
  file(DOWNLOAD "${arg_URL}" "${partial}"
       STATUS status TLS_VERIFY ON INACTIVITY_TIMEOUT 60 TIMEOUT 600)
  list(GET status 0 code)
  list(GET status 1 reason)
  if(NOT code EQUAL 0)
    file(REMOVE "${partial}")
    message(FATAL_ERROR
      "${arg_WHAT}: could not download ${arg_URL}\n"
      "  error: ${reason} (code ${code})\n"
      "Check network access to the registry, or place a verified copy at ${arg_DESTINATION}. ${arg_HINT}")
  endif()
  file(SHA256 "${partial}" have)
  if(NOT have STREQUAL expected)
    file(REMOVE "${partial}")
    message(FATAL_ERROR
      "${arg_WHAT}: checksum mismatch for ${arg_URL}\n"
      "  expected SHA-256: ${expected}\n"
      "  downloaded:       ${have}\n"
      "The registry served different bytes than the pinned ones; refusing to build from them.")
  endif()
  file(RENAME "${partial}" "${arg_DESTINATION}")
endfunction()
