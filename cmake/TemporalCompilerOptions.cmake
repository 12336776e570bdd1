# temporal_project_options(<target>): warnings for code we write.
# Generated code (proto/) does not use this: protoc output is not ours to fix.
function(temporal_project_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  # GCC 12 warns when a designated initializer omits members
  # (`Options{.timeout = 5s}`), the very style our options structs are for
  # (GCC bug 96868, fixed in GCC 13). Omitted members take their defaults.
  target_compile_options(${target} PRIVATE -Wno-missing-field-initializers)
  if(TEMPORAL_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
