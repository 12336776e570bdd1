# temporal_project_options(<target>): warnings for code we write.
# Generated code (proto/) does not use this: protoc output is not ours to fix.
function(temporal_project_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(TEMPORAL_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
