/* uts.c - the sandbox's hostname (see uts.h). */
#include "uts.h"

#include <string.h>
#include <unistd.h>

int uts_set_hostname(const struct plan *plan, struct error *err)
{
	if (plan->share & NS_BIT(NS_UTS))
		return 0;
	if (sethostname(plan->hostname, strlen(plan->hostname)) < 0)
		return error_set(err, errno, "sethostname '%s'", plan->hostname);
	trace(plan->spec->verbose, "child: hostname %s", plan->hostname);
	return 0;
}
