/* asan-stack.h - tell AddressSanitizer which stack the cloned child runs on.
 * Compiles to nothing unless isolate is built with -fsanitize=address. */
#ifndef ISOLATE_ASAN_STACK_H
#define ISOLATE_ASAN_STACK_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define ISOLATE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISOLATE_ASAN 1
#endif
#endif

#ifdef ISOLATE_ASAN
#include <sanitizer/common_interface_defs.h>

/*
 * clone(2) starts the child on a stack of our own that ASan has never seen; without
 * being told, it refuses to unpoison it at _exit() and warns on stderr. The fiber
 * interface tells it: the parent announces the switch before clone(), the child
 * completes it, and the parent then switches itself back to its own stack.
 */
static inline void asan_stack_before_clone(void **save, const void *bottom, size_t size)
{
	__sanitizer_start_switch_fiber(save, bottom, size);
}

static inline void asan_stack_in_child(void)
{
	__sanitizer_finish_switch_fiber(NULL, NULL, NULL);
}

static inline void asan_stack_after_clone(void *save)
{
	const void *own_bottom = NULL;
	size_t own_size = 0;

	__sanitizer_finish_switch_fiber(NULL, &own_bottom, &own_size);
	__sanitizer_start_switch_fiber(NULL, own_bottom, own_size);
	__sanitizer_finish_switch_fiber(save, NULL, NULL);
}
#else
static inline void asan_stack_before_clone(void **save, const void *bottom, size_t size)
{
	(void)save;
	(void)bottom;
	(void)size;
}
static inline void asan_stack_in_child(void)
{
}
static inline void asan_stack_after_clone(void *save)
{
	(void)save;
}
#endif

#endif
