/* parse.h - pure parsers of option values: no I/O, no globals, unit-tested in tests/unit. */
#ifndef ISOLATE_PARSE_H
#define ISOLATE_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"

/* Each returns 0 on success, or -1 with a short reason in *why (a static string). */

/* A decimal unsigned integer in [min, max]; no sign, no spaces, no trailing junk. */
int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out,
	       const char **why);

/* "UID" or "UID:GID" (GID defaults to UID); ids are < 2^32-1 (the kernel's -1 is invalid). */
int parse_id_pair(const char *s, uid_t *uid, gid_t *gid, const char **why);

/* A comma-separated list of namespace names (ns_table's, or "all"); sets NS_BIT()s in *mask. */
int parse_ns_list(const char *s, unsigned *mask, const char **why);

/* A hostname for sethostname(2): 1..64 bytes, letters, digits, '-', '.', '_'. */
int check_hostname(const char *s, const char **why);

/* A network interface name: 1..15 bytes (IFNAMSIZ), no '/', ':' or whitespace. */
int check_ifname(const char *s, const char **why);

/* A --net mode: veth, pasta, none or host. */
int parse_net_mode(const char *s, enum net_mode *mode, const char **why);

/* The longest instance name (--name): a file name in the state directory, with room for ".lock". */
#define INSTANCE_NAME_MAX 64

/*
 * An instance name: 1..INSTANCE_NAME_MAX bytes of letters, digits, '-', '_' and '.',
 * not starting with '.' or '-' (so never "..", a hidden file or an option).
 */
int check_instance_name(const char *s, const char **why);

/* A signal: a number 1..64, or a name with or without "SIG" (TERM, SIGKILL, RTMIN+2...). */
int parse_signal(const char *s, int *sig, const char **why);

/* "NAME:SIG" of --signal: the name (as check_instance_name) and the signal. */
int parse_name_signal(const char *s, char *name, size_t size, int *sig, const char **why);

/*
 * Split one line of a --config file into words, as a shell would without expansion:
 * blanks separate words; '...' is literal; "..." allows \" and \\; a backslash
 * outside quotes escapes the next character; a '#' starting a word comments out the
 * rest of the line. The words are written NUL-terminated into buf (size bytes, at
 * least strlen(line)+1 suffices) and pointed to by words[0..*n-1] (at most max).
 */
int split_config_line(const char *line, char *buf, size_t size, char **words, size_t max,
		      size_t *n, const char **why);

#endif
