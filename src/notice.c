/* notice.c - the notes about the default id mapping (see notice.h). */
#include "notice.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"

_Static_assert(sizeof(struct exec_notice) <= CHANNEL_MAX_PAYLOAD, "a notice fits one message");

/* Owned by PROGRAM's uid: then the mapping is not why it is denied, the mode is. */
static bool owned_by_us(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_uid == geteuid();
}

static bool denied(const char *path, int mode)
{
	return access(path, mode) < 0 && errno == EACCES;
}

/* The PATH directories PROGRAM cannot search, up to the first one that has NAME for it. */
static void probe_path(const char *name, const char *path, struct exec_notice *n)
{
	size_t name_len = strlen(name), used = 0;
	char buf[PATH_MAX];

	for (const char *dir = path;; dir += strcspn(dir, ":") + 1) {
		size_t len = strcspn(dir, ":");
		struct stat st;

		/* An empty entry is the current directory: NOTE_CWD_* speak for it. */
		if (len > 0 && len + 1 + name_len < sizeof(buf)) {
			memcpy(buf, dir, len);
			buf[len] = '/';
			memcpy(buf + len + 1, name, name_len + 1);
			if (access(buf, X_OK) == 0 && stat(buf, &st) == 0 && S_ISREG(st.st_mode)) {
				/* Too long to pass on whole: no name rather than a wrong one. */
				if (len + 1 + name_len < sizeof(n->found))
					memcpy(n->found, buf, len + 1 + name_len + 1);
				return;
			}
			buf[len] = '\0';
			if (denied(buf, X_OK) && used + len + 2 <= sizeof(n->denied)) {
				memcpy(n->denied + used, buf, len + 1);
				used += len + 1;
			}
		}
		if (dir[len] == '\0')
			return;
	}
}

void notice_probe(const char *name, const char *path, int report_fd)
{
	struct exec_notice n = { 0 };
	const char *home = getenv("HOME");
	struct error err = { 0 };

	if (denied(".", R_OK | X_OK) && !owned_by_us("."))
		n.what |= NOTE_CWD_DENIED;
	else if (denied(".", W_OK) && !owned_by_us("."))
		n.what |= NOTE_CWD_READONLY;
	if (home && home[0] == '/' && strlen(home) < sizeof(n.home) && denied(home, X_OK)) {
		n.what |= NOTE_HOME_DENIED;
		(void)snprintf(n.home, sizeof(n.home), "%s", home);
	}
	if (!strchr(name, '/'))
		probe_path(name, path, &n);
	/* A note is worth no failure: if the parent cannot hear it, PROGRAM runs all the same. */
	if (n.what || n.denied[0])
		(void)channel_send(report_fd, MSG_NOTICE, &n, sizeof(n), NULL, 0, &err);
}

/* A PATH directory the sandbox's root could not search holds NAME for host root. */
static bool skipped(const struct plan *plan, const struct exec_notice *n, const char **dir,
		    char *where, size_t size)
{
	for (const char *d = n->denied; *d && d < n->denied + sizeof(n->denied); d += strlen(d) + 1) {
		struct stat st;

		if (snprintf(where, size, "%s/%s", d, plan->spec->argv[0]) < (int)size &&
		    stat(where, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
			*dir = d;
			return true;
		}
	}
	return false;
}

void notice_print(const struct plan *plan, const struct exec_notice *n, int exit_code)
{
	const char *name = plan->spec->argv[0], *dir = NULL, *what = NULL, *cwd;
	char where[PATH_MAX], here[PATH_MAX];
	unsigned uid = (unsigned)plan->map_uid;

	if (!plan->mapping_notes)
		return;
	/* Another program ran than host root would have run: said even when it succeeded. */
	if (n->found[0] && skipped(plan, n, &dir, where, sizeof(where))) {
		(void)fprintf(stderr, "isolate: note: '%s' ran %.512s, not %s, since the sandbox's root, host uid %u, "
			      "cannot search %s (%s; --quiet hides this note)\n",
			      name, n->found, where, uid, dir, MAPPING_REMEDY);
		return;
	}
	/* Otherwise only a failure, and not a death by signal (128+N), asks for a reason. */
	if (exit_code < 1 || exit_code > 128)
		return;
	/* The current directory, which most work writes to, or reads. HOME alone is no
	 * reason: root's own is out of the sandbox's reach on every run. */
	cwd = plan->spec->chdir ? plan->spec->chdir : getcwd(here, sizeof(here));
	if (n->what & NOTE_CWD_DENIED)
		what = "enter the current directory";
	else if (n->what & NOTE_CWD_READONLY)
		what = "write to the current directory";
	else
		return;
	(void)fprintf(stderr, "isolate: note: '%s' exited with status %d, and the sandbox's root, host uid %u, "
		      "cannot %s '%.512s'%s%.512s%s (%s; --quiet hides this note)\n",
		      name, exit_code, uid, what, cwd ? cwd : "?",
		      n->what & NOTE_HOME_DENIED ? " nor enter HOME '" : "",
		      n->what & NOTE_HOME_DENIED ? n->home : "", n->what & NOTE_HOME_DENIED ? "'" : "",
		      MAPPING_REMEDY);
}
