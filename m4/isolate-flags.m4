# isolate-flags.m4 - probe compiler and linker flags one at a time, so a toolchain that
# lacks one still builds (only without that flag).

# ISOLATE_ADD_CFLAG(VARIABLE, FLAG)
# Append FLAG to VARIABLE when $CC compiles and links a program with it, without a warning.
AC_DEFUN([ISOLATE_ADD_CFLAG], [
  AS_VAR_PUSHDEF([isolate_cache], [isolate_cv_cflag_$2])
  AC_CACHE_CHECK([whether $CC accepts $2], [isolate_cache], [
    isolate_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $2"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <string.h>]],
        [[char buf[64]; memset(buf, 1, sizeof buf); return buf[63] - 1;]])],
      [AS_VAR_SET([isolate_cache], [yes])], [AS_VAR_SET([isolate_cache], [no])])
    CFLAGS=$isolate_save_CFLAGS])
  AS_VAR_IF([isolate_cache], [yes], [$1="${$1:+$$1 }$2"])
  AS_VAR_POPDEF([isolate_cache])
])

# ISOLATE_ADD_LDFLAG(VARIABLE, FLAG, [EXTRA-CFLAGS])
# Append FLAG to VARIABLE when $CC links a program with it (and EXTRA-CFLAGS) without a
# warning; linker warnings count too when the linker has --fatal-warnings.
AC_DEFUN([ISOLATE_ADD_LDFLAG], [
  AC_REQUIRE([ISOLATE_LD_FATAL_WARNINGS])
  AS_VAR_PUSHDEF([isolate_cache], [isolate_cv_ldflag_$2])
  AC_CACHE_CHECK([whether $CC links with $2], [isolate_cache], [
    isolate_save_CFLAGS=$CFLAGS isolate_save_LDFLAGS=$LDFLAGS
    CFLAGS="$CFLAGS -Werror $3"
    LDFLAGS="$LDFLAGS $isolate_ld_fatal_warnings $2"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
      [AS_VAR_SET([isolate_cache], [yes])], [AS_VAR_SET([isolate_cache], [no])])
    CFLAGS=$isolate_save_CFLAGS LDFLAGS=$isolate_save_LDFLAGS])
  AS_VAR_IF([isolate_cache], [yes], [$1="${$1:+$$1 }$2"])
  AS_VAR_POPDEF([isolate_cache])
])

# ISOLATE_LD_FATAL_WARNINGS: isolate_ld_fatal_warnings is -Wl,--fatal-warnings when the
# linker takes it (GNU ld only warns about an unknown -z keyword), else empty.
AC_DEFUN([ISOLATE_LD_FATAL_WARNINGS], [
  AC_CACHE_CHECK([whether the linker takes --fatal-warnings], [isolate_cv_ld_fatal_warnings], [
    isolate_save_LDFLAGS=$LDFLAGS
    LDFLAGS="$LDFLAGS -Wl,--fatal-warnings"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
      [isolate_cv_ld_fatal_warnings=yes], [isolate_cv_ld_fatal_warnings=no])
    LDFLAGS=$isolate_save_LDFLAGS])
  AS_IF([test "x$isolate_cv_ld_fatal_warnings" = xyes],
    [isolate_ld_fatal_warnings=-Wl,--fatal-warnings], [isolate_ld_fatal_warnings=])
])

# ISOLATE_FORTIFY_LEVEL: isolate_fortify_level is the highest _FORTIFY_SOURCE level (3,
# else 2) that the compiler and C library take with optimisation and without a warning;
# "no" when CPPFLAGS or CFLAGS already name _FORTIFY_SOURCE, when the compiler defines it
# itself (as some distributions' compilers do), or when neither level works.
AC_DEFUN([ISOLATE_FORTIFY_LEVEL], [
  AC_CACHE_CHECK([for the _FORTIFY_SOURCE level to use], [isolate_cv_fortify_level], [
    isolate_cv_fortify_level=no
    isolate_save_CFLAGS=$CFLAGS isolate_save_CPPFLAGS=$CPPFLAGS
    AS_CASE([" $CPPFLAGS $CFLAGS "],
      [*_FORTIFY_SOURCE*], [isolate_cv_fortify_level="no (set in CPPFLAGS or CFLAGS)"],
      [CFLAGS="$CFLAGS -O2 -Werror"
       AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <string.h>
#ifdef _FORTIFY_SOURCE
#error defined by the compiler
#endif]], [])],
         [for isolate_level in 3 2; do
            CPPFLAGS="$isolate_save_CPPFLAGS -D_FORTIFY_SOURCE=$isolate_level"
            AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <string.h>
#if defined __USE_FORTIFY_LEVEL && __USE_FORTIFY_LEVEL < $isolate_level
#error this C library does not have this level
#endif]], [])],
              [isolate_cv_fortify_level=$isolate_level; break])
          done],
         [isolate_cv_fortify_level="no (the compiler defines it)"])])
    CFLAGS=$isolate_save_CFLAGS CPPFLAGS=$isolate_save_CPPFLAGS])
  isolate_fortify_level=$isolate_cv_fortify_level
])

# ISOLATE_PREFER_STATIC(PREFIX, FUNCTION)
# With --enable-static-libs (the default), link the library behind PREFIX_LIBS from its
# archive when that links (a call to FUNCTION): its code then costs nothing at start-up,
# where a shared library is mapped, relocated and bound in every run (bench/README.md).
AC_DEFUN([ISOLATE_PREFER_STATIC], [
  AS_IF([test "x$enable_static_libs" != xno], [
    AC_CACHE_CHECK([whether $1 links from its archive], [isolate_cv_static_$1], [
      isolate_save_LIBS=$LIBS
      LIBS="-Wl,-Bstatic $$1_LIBS -Wl,-Bdynamic $LIBS"
      AC_LINK_IFELSE([AC_LANG_CALL([], [$2])],
        [isolate_cv_static_$1=yes], [isolate_cv_static_$1=no])
      LIBS=$isolate_save_LIBS])
    AS_IF([test "x$isolate_cv_static_$1" = xyes], [$1_LIBS="-Wl,-Bstatic $$1_LIBS -Wl,-Bdynamic"])])
])

# ISOLATE_SONAME(LIBRARY, DEFINE, LIBS, INCLUDES, FUNCTION)
# -------------------------------------------------------
# Define DEFINE to the file name dlopen() must ask for to load LIBRARY: its soname, as the
# dynamic loader found it for a program linked with LIBS (dladdr of FUNCTION).
AC_DEFUN([ISOLATE_SONAME], [
  AC_MSG_CHECKING([the soname of $1])
  save_LIBS=$LIBS LIBS="$LIBS $3"
  AC_RUN_IFELSE([AC_LANG_PROGRAM([[#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
$4]], [[Dl_info i; const char *b; FILE *f = fopen("conftest.soname", "w");
  if (!f || !dladdr((void *)$5, &i) || !i.dli_fname) return 1;
  b = strrchr(i.dli_fname, '/'); fprintf(f, "%s\n", b ? b + 1 : i.dli_fname); return fclose(f) != 0;]])],
    [isolate_soname=`cat conftest.soname`], [AC_MSG_ERROR([cannot find the soname of $1])])
  LIBS=$save_LIBS
  AC_MSG_RESULT([$isolate_soname])
  AC_DEFINE_UNQUOTED([$2], ["$isolate_soname"], [The file name dlopen() loads $1 by.])
])
