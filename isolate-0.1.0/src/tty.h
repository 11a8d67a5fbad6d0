/* tty.h - leave the caller's terminal as it was found. */
#ifndef ISOLATE_TTY_H
#define ISOLATE_TTY_H

#include <stdbool.h>
#include <termios.h>

struct tty_state {
	int fd;                /* the terminal on stdin, stdout or stderr; -1 if none */
	struct termios saved;
};

/* Remember the terminal's settings, if isolate runs on one. */
void tty_save(struct tty_state *t);
/* Put them back if PROGRAM changed them; only while we are in the foreground. */
void tty_restore(const struct tty_state *t);

#endif
