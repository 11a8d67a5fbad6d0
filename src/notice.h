/* notice.h - isolate's notes: one line on stderr after a run when what PROGRAM met is
 * explained by the default id mapping (root inside is a host user other than root, see
 * plan.h mapping_notes). The sandbox side looks, with PROGRAM's own ids, directory and
 * PATH, just before its execve (notice_probe); the parent decides and prints once
 * PROGRAM has ended (notice_print), since only it knows how PROGRAM ended and can look
 * where the sandbox's root cannot. --quiet turns the notes off. */
#ifndef ISOLATE_NOTICE_H
#define ISOLATE_NOTICE_H

#include <stdint.h>

#include "plan.h"

/* What to do about it, for the notes and for the 126 hints of exec.c. */
#define MAPPING_REMEDY                                                                   \
	"--map-root=0 makes it host root, which can then change any host file; or run " \
	"isolate as a user who may (sudo -u USER isolate ...)"

enum {
	NOTE_CWD_DENIED = 1,   /* PROGRAM cannot list or enter its current directory */
	NOTE_CWD_READONLY = 2, /* ... cannot write it */
	NOTE_HOME_DENIED = 4,  /* ... cannot enter $HOME (said with the above, not alone) */
};

/* MSG_NOTICE's payload, child -> parent, sent before PROGRAM's execve. */
struct exec_notice {
	uint32_t what;       /* NOTE_* */
	char home[512];      /* $HOME, with NOTE_HOME_DENIED */
	char found[512];     /* where the PATH search finds PROGRAM; "" if nowhere or not searched */
	char denied[1024];   /* PATH directories before it that PROGRAM cannot search:
				each '\0'-terminated, the list ends with an empty one */
};

/* In the sandbox, as PROGRAM: look, and send a MSG_NOTICE on report_fd if anything is found. */
void notice_probe(const char *name, const char *path, int report_fd);

/* In the parent, after PROGRAM ended with exit_code: print the note n calls for, if any. */
void notice_print(const struct plan *plan, const struct exec_notice *n, int exit_code);

#endif
