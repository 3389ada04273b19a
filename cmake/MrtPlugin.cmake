# MrtPlugin.cmake — one function to build an mrt plugin, the same in the mrt source tree and out of tree.
#
#   mrt_add_plugin(<name> SOURCES a.c... [LIBS lib...] [INCLUDES dir...] [TESTS test_x.c...]
#                  [OUTPUT_DIR dir] [INSTALL_DIR dir] [NO_INSTALL])
#
# Builds <name>.so (a MODULE: no "lib" prefix) with hidden visibility, C11, and -Wl,-z,defs (plugins never link
# against mrt: everything they use comes through the host table; -z defs is dropped in sanitizer builds), against
# the SDK header (target mrt::sdk). In the mrt tree, an option MRT_PLUGIN_<NAME> (upper case, '-' → '_') can turn the
# plugin off; it defaults to ON, or to the value of an existing variable of that name.
#
#   OUTPUT_DIR   where the .so goes (default: MRT_BUILD_PLUGIN_DIR if set, else the current binary dir)
#   INSTALL_DIR  where `make install` puts it (default: MRT_INSTALL_PLUGIN_DIR if set, else lib/mrt/plugins)
#   NO_INSTALL   do not install (test fixtures)
#   NO_OPTION    do not create the MRT_PLUGIN_<NAME> option (test fixtures)
#   TESTS        Check unit tests (mrt tree only, when MRT_TESTS is on): each source is one executable linked with
#                the core library, registered in ctest, with MRT_PLUGIN_FILE="<path of the .so>",
#                MRT_PLUGIN_TEST_DIR="<plugin source dir>/tests", MRT_TEST_DATA and MRT_BINARY_DIR defined.
include_guard(GLOBAL)

function(mrt_add_plugin name)
  cmake_parse_arguments(P "NO_INSTALL;NO_OPTION" "OUTPUT_DIR;INSTALL_DIR" "SOURCES;LIBS;INCLUDES;TESTS" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "mrt_add_plugin(${name}): SOURCES is required")
  endif()

  if(NOT P_NO_OPTION)
    string(TOUPPER "${name}" opt)
    string(REPLACE "-" "_" opt "${opt}")
    set(opt "MRT_PLUGIN_${opt}")
    if(DEFINED ${opt})
      set(default "${${opt}}")
    else()
      set(default ON)
    endif()
    option(${opt} "Build the ${name} plugin" ${default})
    if(NOT ${opt})
      message(STATUS "mrt plugin ${name}: disabled (${opt}=OFF)")
      return()
    endif()
  endif()

  if(P_OUTPUT_DIR)
    set(outdir "${P_OUTPUT_DIR}")
  elseif(MRT_BUILD_PLUGIN_DIR)
    set(outdir "${MRT_BUILD_PLUGIN_DIR}")
  else()
    set(outdir "${CMAKE_CURRENT_BINARY_DIR}")
  endif()

  add_library(${name} MODULE ${P_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    C_STANDARD 11
    C_STANDARD_REQUIRED ON
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    LIBRARY_OUTPUT_DIRECTORY "${outdir}")
  if(TARGET mrt::sdk)
    target_link_libraries(${name} PRIVATE mrt::sdk)
  elseif(MRT_SDK_INCLUDE_DIR)
    target_include_directories(${name} PRIVATE "${MRT_SDK_INCLUDE_DIR}")
  else()
    target_include_directories(${name} PRIVATE "${CMAKE_SOURCE_DIR}/sdk")
  endif()
  if(P_INCLUDES)
    target_include_directories(${name} PRIVATE ${P_INCLUDES})
  endif()

  # -z defs catches a plugin calling a core function directly (it must go through the host table). Sanitizer
  # runtimes leave symbols undefined in shared objects, so it is dropped there.
  set(sanitized OFF)
  if(MRT_SANITIZE_FLAGS OR CMAKE_C_FLAGS MATCHES "-fsanitize")
    set(sanitized ON)
  endif()
  if(NOT sanitized AND NOT APPLE)
    target_link_options(${name} PRIVATE "-Wl,-z,defs")
  endif()
  if(P_LIBS)
    target_link_libraries(${name} PRIVATE ${P_LIBS})
  endif()

  if(NOT P_NO_INSTALL)
    if(P_INSTALL_DIR)
      set(instdir "${P_INSTALL_DIR}")
    elseif(MRT_INSTALL_PLUGIN_DIR)
      set(instdir "${MRT_INSTALL_PLUGIN_DIR}")
    else()
      set(instdir "lib/mrt/plugins")
    endif()
    install(TARGETS ${name} LIBRARY DESTINATION "${instdir}")
  endif()

  if(P_TESTS AND MRT_TESTS AND TARGET mrtcore AND TARGET PkgConfig::CHECK)
    foreach(src ${P_TESTS})
      get_filename_component(tname "${src}" NAME_WE)
      set(tname "${name}_${tname}")
      add_executable(${tname} "${src}")
      target_link_libraries(${tname} PRIVATE mrtcore PkgConfig::CHECK)
      target_compile_definitions(${tname} PRIVATE
        MRT_PLUGIN_FILE="$<TARGET_FILE:${name}>"
        MRT_PLUGIN_TEST_DIR="${CMAKE_CURRENT_SOURCE_DIR}/tests"
        MRT_TEST_DATA="${CMAKE_SOURCE_DIR}/tests/data"
        MRT_BINARY_DIR="${CMAKE_BINARY_DIR}")
      add_dependencies(${tname} ${name})
      add_test(NAME ${tname} COMMAND ${tname})
      set_tests_properties(${tname} PROPERTIES ENVIRONMENT "CK_DEFAULT_TIMEOUT=60")
    endforeach()
  endif()
endfunction()
