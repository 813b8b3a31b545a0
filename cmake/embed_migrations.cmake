# SPDX-License-Identifier: MIT
# Writes OUT, a C file holding the SQL migrations in DIR (NNN_name.sql, in
# order) as the array `migrations`: the SQL ships inside the binary.
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
set(table "")
set(n 0)
foreach(f ${files})
  math(EXPR n "${n} + 1")
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  get_filename_component(name "${f}" NAME)
  string(APPEND body "static const char m${n}[] = {${hex}0x00};\n")
  string(APPEND table "\t{${n}, \"${name}\", m${n}},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "/* Generated from data/migrations by cmake/embed_migrations.cmake. */\n"
  "#include \"store/migrations.h\"\n${body}"
  "const struct migration migrations[] = {\n${table}};\n"
  "const int n_migrations = ${n};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
