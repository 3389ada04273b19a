# mrt_add_plugin(<name> SOURCES a.c... [LIBS lib...])
# Builds one plugin as a MODULE named <name>.so into the build tree's plugin directory, with hidden visibility and
# -z defs (plugins never link against mrt: everything they need comes through the host table), and installs it.
function(mrt_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} MODULE ${P_SOURCES})
  set_target_properties(${name} PROPERTIES PREFIX "" C_VISIBILITY_PRESET hidden
                        LIBRARY_OUTPUT_DIRECTORY ${MRT_BUILD_PLUGIN_DIR})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/sdk)
  if(NOT MRT_SANITIZE_FLAGS)
    target_link_options(${name} PRIVATE -Wl,-z,defs)
  endif()
  if(P_LIBS)
    target_link_libraries(${name} PRIVATE ${P_LIBS})
  endif()
  install(TARGETS ${name} LIBRARY DESTINATION ${MRT_INSTALL_PLUGIN_DIR})
endfunction()
