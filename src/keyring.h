/* keyring.h - the sandbox's own session keyring. */
#ifndef ISOLATE_KEYRING_H
#define ISOLATE_KEYRING_H

#include "util.h"

/*
 * Leave the caller's session keyring for a new, empty, anonymous one. Keys are reached
 * by possession, not by uid: a process holding the caller's session keyring can read
 * every key in it whatever its ids, and keys it adds stay there after it exits.
 */
int keyring_new_session(struct error *err);

#endif
