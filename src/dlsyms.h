/* dlsyms.h - a library's functions, loaded by name with dlopen for the runs that use
 * them (libmnl in mnl-load.c; libseccomp and json-c in seccomp-file.c). */
#ifndef ISOLATE_DLSYMS_H
#define ISOLATE_DLSYMS_H

#include <stddef.h>

#include "util.h"

/* One function: its name in the library, and where its pointer goes in the caller's
 * table of function pointers. */
struct dl_symbol {
	const char *name;
	size_t offset;
};
#define DL_SYMBOL(type, field, name) { #name, offsetof(type, field) }

/*
 * Load lib (RTLD_NOW, so that a missing symbol is this error and never a crash later)
 * and fill the function pointer at api + each symbol's offset: 0, or -1 with err set,
 * "cannot load LIB: why" with hint, or "LIB has no NAME: why". The library stays loaded:
 * its code is called until isolate exits.
 */
int dl_load(const char *lib, const struct dl_symbol *syms, size_t n, void *api, const char *hint,
	    struct error *err);

#endif
