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

/* Field by field: struct termios may have padding, which memcmp would compare too. */
static bool termios_equal(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag && a->c_cflag == b->c_cflag &&
	       a->c_lflag == b->c_lflag && memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)) == 0 &&
	       cfgetispeed(a) == cfgetispeed(b) && cfgetospeed(a) == cfgetospeed(b);
}

void tty_restore(const struct tty_state *t)
{
	struct termios now;

	if (t->fd < 0 || tcgetattr(t->fd, &now) < 0 || termios_equal(&now, &t->saved))
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
