# SPDX-License-Identifier: MIT
# What a distribution expects around the binary, and the Debian package
# (`cpack -G DEB` in the build folder, or the `package` target).

# Debian wants manual pages and changelogs gzipped; -n keeps the package
# reproducible (no name or time stamp in the gzip header).
find_program(GZIP gzip REQUIRED)
foreach(f doc/selfgrade.1 doc/changelog)
  get_filename_component(name ${f} NAME)
  add_custom_command(
    OUTPUT ${PROJECT_BINARY_DIR}/${name}.gz
    COMMAND ${GZIP} -9n -c ${PROJECT_SOURCE_DIR}/${f} > ${PROJECT_BINARY_DIR}/${name}.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/${f})
  list(APPEND GZIPPED ${PROJECT_BINARY_DIR}/${name}.gz)
endforeach()
add_custom_target(gzipped ALL DEPENDS ${GZIPPED})

install(FILES ${PROJECT_BINARY_DIR}/selfgrade.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES completions/selfgrade.bash RENAME selfgrade
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES completions/_selfgrade
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
# The README beside the guides, its links to doc/ made to match.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/README.md)
file(READ ${PROJECT_SOURCE_DIR}/README.md readme)
string(REPLACE "](doc/" "](" readme "${readme}")
file(WRITE ${PROJECT_BINARY_DIR}/doc/README.md "${readme}")
install(FILES ${PROJECT_BINARY_DIR}/doc/README.md LICENSE doc/learner.md doc/instructor.md doc/content.md
              doc/probes.md doc/design.md doc/performance.md
              doc/copyright ${PROJECT_BINARY_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME selfgrade)
set(CPACK_PACKAGE_VENDOR "the selfgrade authors")
set(CPACK_PACKAGE_CONTACT "selfgrade maintainers <maintainers@users.noreply.b-seed-6de32310.example>"
    CACHE STRING "The Maintainer of the Debian package")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "offline tutor to self-grade the multi-database CDC capstone")
# Read here rather than through CPACK_PACKAGE_DESCRIPTION_FILE, which CPack
# 3.25 escapes as XML (-> became -&gt; in the control file).
file(READ ${PROJECT_SOURCE_DIR}/doc/description.txt CPACK_PACKAGE_DESCRIPTION)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends computed by dpkg-shlibdeps from the libraries the binary links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3, jq")
# Ed25519 (sign.c): loaded with dlopen when a key is made or a signature
# made or checked, which learner add does; so a dependency dpkg-shlibdeps
# cannot see, and it is added to the ones it computes.
# ICU likewise (name.c), when two learners' names are compared: learner
# add, import-key, an import of a new learner. Debian's package is named
# after ICU's major version, the one whose headers the build used.
string(REGEX MATCH "^[0-9]+" ICU_MAJOR "${ICU_VERSION}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libhogweed6, libicu${ICU_MAJOR}")
# Loaded with dlopen only when asked for (export --format xlsx, probe
# --connect), so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libxlsxwriter4, libcurl4, libpq5, libmariadb3, librdkafka1")
# The package is only ever made from a built tree: packaging must not
# rebuild (nor, inside a test, write into the build folder).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
if(SELFGRADE_STATIC_DEPS)
  message(STATUS "This build embeds libyaml, jansson, yajl, SQLite, nettle and utf8proc: "
                 "for a distribution's package configure with -DSELFGRADE_STATIC_DEPS=OFF "
                 "(lintian: embedded-library)")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/package_check.cmake.in
               ${PROJECT_BINARY_DIR}/package_check.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/package_check.cmake)
include(CPack)
