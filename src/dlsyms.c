/* dlsyms.c - a library's functions, loaded by name (see dlsyms.h). */
#include "dlsyms.h"

#include <dlfcn.h>
#include <string.h>

int dl_load(const char *lib, const struct dl_symbol *syms, size_t n, void *api, const char *hint,
	    struct error *err)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return error_set(err, 0, "cannot load %s: %s", lib, dlerror()), error_hint(err, "%s", hint);
	for (size_t i = 0; i < n; i++) {
		void *f = dlsym(h, syms[i].name);

		if (!f)
			return error_set(err, 0, "%s has no %s: %s", lib, syms[i].name, dlerror());
		/* ISO C has no conversion from an object pointer to a function pointer. */
		memcpy((char *)api + syms[i].offset, &f, sizeof(f));
	}
	return 0;
}
