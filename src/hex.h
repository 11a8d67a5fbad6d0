/* hex.h - bytes as lowercase hex text and back: how an instance record carries a binary
 * value (the compiled seccomp program that instance.c writes and join.c reads). */
#ifndef ISOLATE_HEX_H
#define ISOLATE_HEX_H

#include <stddef.h>

/* n bytes as 2n lowercase hex digits, NUL-terminated, malloc'd; NULL when out of memory. */
char *hex_encode(const void *data, size_t n);
/* The first 2n digits of hex into n bytes at out: 0, or -1 if one is not a lowercase hex
 * digit (the encoder writes no other, so anything else is a damaged record). */
int hex_decode(const char *hex, void *out, size_t n);

#endif
