# Tests cmake/TemporalFetchVerified.cmake, the guard on every download the
# build makes. Each scenario runs in its own `cmake -P` (FATAL_ERROR ends a
# script), and its exit code, message and left-over files are checked.
#   cmake -DSOURCE_DIR=<project> -DWORK_DIR=<scratch> -P fetch_verified_test.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(payload "${WORK_DIR}/payload.bin")
file(WRITE "${payload}" "pinned bytes")
file(SHA256 "${payload}" good_sha)
set(bad_sha "0000000000000000000000000000000000000000000000000000000000000000")

# fetch(<result-var> <url> <sha> <dest>): runs temporal_fetch_verified in a child.
function(fetch out url sha dest)
  set(script "${WORK_DIR}/fetch_one.cmake")
  file(WRITE "${script}"
    "include(\"${SOURCE_DIR}/cmake/TemporalFetchVerified.cmake\")\n"
    "temporal_fetch_verified(URL \"${url}\" SHA256 \"${sha}\" DESTINATION \"${dest}\" WHAT \"test\")\n")
  execute_process(COMMAND ${CMAKE_COMMAND} -P "${script}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  set(${out}_code "${code}" PARENT_SCOPE)
  # CMake re-flows error messages; compare with whitespace collapsed.
  string(REGEX REPLACE "[ \t\n]+" " " output "${stdout}${stderr}")
  set(${out}_output "${output}" PARENT_SCOPE)
endfunction()

# expect(<if-condition as a string> <description>)
function(expect condition what)
  cmake_language(EVAL CODE "
    if(${condition})
      message(STATUS \"ok: ${what}\")
    else()
      message(FATAL_ERROR \"FAILED: ${what}\")
    endif()")
endfunction()

# 1. A good download lands at the destination, and nothing else is left.
fetch(good "file://${payload}" "${good_sha}" "${WORK_DIR}/good/archive")
expect("good_code EQUAL 0" "matching checksum succeeds")
file(SHA256 "${WORK_DIR}/good/archive" landed)
expect("landed STREQUAL good_sha" "the verified bytes are at the destination")
expect("NOT EXISTS \"${WORK_DIR}/good/archive.partial\"" "no partial file remains")

# 2. The cached copy is reused: a URL that cannot work is never touched.
fetch(cached "file://${WORK_DIR}/does-not-exist" "${good_sha}" "${WORK_DIR}/good/archive")
expect("cached_code EQUAL 0" "a verified cached copy is reused without downloading")

# 3. Different bytes than pinned: configure fails, saying so, and keeps nothing.
fetch(bad "file://${payload}" "${bad_sha}" "${WORK_DIR}/bad/archive")
expect("NOT bad_code EQUAL 0" "a checksum mismatch fails")
string(FIND "${bad_output}" "checksum mismatch for file://${payload}" at)
expect("NOT at EQUAL -1" "the mismatch message names the URL")
string(FIND "${bad_output}" "${good_sha}" at)
expect("NOT at EQUAL -1" "the mismatch message shows the downloaded checksum")
expect("NOT EXISTS \"${WORK_DIR}/bad/archive\"" "no unverified file at the destination")
expect("NOT EXISTS \"${WORK_DIR}/bad/archive.partial\"" "no partial file after a mismatch")

# 4. An unreachable source fails with the URL and the reason.
fetch(missing "file://${WORK_DIR}/does-not-exist" "${good_sha}" "${WORK_DIR}/missing/archive")
expect("NOT missing_code EQUAL 0" "a failed download fails")
string(FIND "${missing_output}" "could not download file://${WORK_DIR}/does-not-exist" at)
expect("NOT at EQUAL -1" "the failure message names the URL")

# 5. A corrupted cached copy is replaced by a verified download.
file(WRITE "${WORK_DIR}/good/archive" "tampered")
fetch(recached "file://${payload}" "${good_sha}" "${WORK_DIR}/good/archive")
file(SHA256 "${WORK_DIR}/good/archive" landed)
expect("recached_code EQUAL 0 AND landed STREQUAL good_sha" "a corrupted cache is downloaded again")
