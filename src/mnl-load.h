/* mnl-load.h - libmnl, loaded on demand (see mnl-load.c). */
#ifndef ISOLATE_MNL_LOAD_H
#define ISOLATE_MNL_LOAD_H

#include "util.h"

/* Load libmnl if this build loads it with dlopen and it is not loaded yet: 0, or -1 with
 * err set. Every later call of a libmnl function goes to the loaded library. */
int mnl_load(struct error *err);

#endif
