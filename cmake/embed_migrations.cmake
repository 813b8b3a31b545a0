# SPDX-License-Identifier: MIT
# Writes OUT, a C file holding the SQL migrations in DIR as the array
# `migrations`: the SQL ships inside the binary. A file's version is the
# NNN of its name (NNN_name.sql), which user_version records: the versions
# run 1, 2, 3 ... with no gap and no two files of one number, or the build
# stops here (a step renumbered would be run again, or never, on databases
# that have it).
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
set(table "")
set(n 0)
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  if(NOT name MATCHES "^([0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "${f}: a migration is named NNN_name.sql (three digits, then lowercase words)")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  math(EXPR want "${n} + 1")
  if(version EQUAL n)
    message(FATAL_ERROR "${f}: a second migration numbered ${CMAKE_MATCH_1}")
  elseif(NOT version EQUAL want)
    message(FATAL_ERROR "${f}: migration ${CMAKE_MATCH_1} after ${n}: the versions run without a gap (the next is ${want})")
  endif()
  set(n ${version})
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(APPEND body "static const char m${n}[] = {${hex}0x00};\n")
  string(APPEND table "\t{${n}, \"${name}\", m${n}},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "/* Generated from data/migrations by cmake/embed_migrations.cmake. */\n"
  "#include \"store/migrations.h\"\n${body}"
  "const struct migration migrations[] = {\n${table}};\n"
  "const int n_migrations = ${n};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
