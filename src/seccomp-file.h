/* seccomp-file.h - --seccomp FILE: a docker/podman JSON profile compiled for this run. */
#ifndef ISOLATE_SECCOMP_FILE_H
#define ISOLATE_SECCOMP_FILE_H

#include "plan.h"
#include "seccomp-profile.h"
#include "util.h"

/*
 * Read plan->spec->seccomp_file, parse it, judge its includes/excludes against PROGRAM's
 * capabilities, this architecture and kernel, and compile it into out (the program is
 * malloc'ed and kept until exit). Fails, naming the option as typed, on a file that
 * cannot be read, bad JSON or format, a rule libseccomp refuses, or a profile that
 * refuses execve (PROGRAM could never start).
 */
int seccomp_file_compile(const struct plan *plan, struct seccomp_compiled *out, struct error *err);

#endif
