/* floor-fork.c - the floor without namespaces: fork, exec PROGRAM, wait.
 * Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: floor-fork PROGRAM [ARGS...]\n");
		return 125;
	}
	pid = fork();
	if (pid < 0) {
		perror("floor-fork: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("floor-fork: exec");
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
