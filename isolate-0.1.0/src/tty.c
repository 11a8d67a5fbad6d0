/* tty.c - save the terminal's settings before PROGRAM runs and restore them after. */
#include "tty.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void tty_save(struct tty_state *t)
{
	t->fd = -1;
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (tcgetattr(fd, &t->saved) == 0) {
			t->fd = fd;
			return;
		}
	}
}

void tty_restore(const struct tty_state *t)
{
	struct termios now;

	if (t->fd < 0 || tcgetattr(t->fd, &now) < 0 || memcmp(&now, &t->saved, sizeof(now)) == 0)
		return;
	/*
	 * A program killed in raw or no-echo mode would leave the shell unusable. But
	 * tcsetattr from a background process group stops us with SIGTTOU, so restore
	 * only when we are the terminal's foreground group, as a shell's job is.
	 */
	if (tcgetpgrp(t->fd) != getpgrp())
		return;
	(void)TEMP_FAILURE_RETRY(tcsetattr(t->fd, TCSADRAIN, &t->saved)); /* best effort at exit */
}
