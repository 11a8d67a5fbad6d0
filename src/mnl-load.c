/* mnl-load.c - libmnl, loaded with dlopen by the runs that speak netlink.
 *
 * Where libmnl is a shared library only (Debian ships no libmnl.a), linking it makes the
 * dynamic loader map and relocate it at every start, and every clone copy its mappings,
 * although --net=none, --net=host and the instance operations never send a netlink
 * message: 0.03-0.04 ms and 11 KiB of PSS a --net=none start (bench/README.md, "libmnl
 * on demand"; a static libmnl saves 0.12 ms). So isolate is linked against this file
 * instead. It defines each libmnl function isolate and libnftnl.a call as a trampoline
 * into the library, which the parent loads before clone when the plan has a veth or
 * pasta (steps.c), so the child inherits it and no step loads it again. The prototypes
 * come from libmnl.h, so the compiler checks every signature.
 *
 * Where libmnl links from its archive, configure leaves ISOLATE_MNL_DLOPEN undefined
 * and this file only provides mnl_load(), which has nothing to do.
 */
#include "mnl-load.h"

#include <stdlib.h>

#ifdef ISOLATE_MNL_DLOPEN
#include <libmnl/libmnl.h>
#include <unistd.h>

#include "dlsyms.h"
#include "model.h"

/* Every libmnl function linked code calls: X(return type, name, (parameters), (arguments)). */
#define MNL_FUNCTIONS(X, V)                                                                        \
	X(struct mnl_socket *, mnl_socket_open, (int bus), (bus))                                  \
	X(struct mnl_socket *, mnl_socket_open2, (int bus, int flags), (bus, flags))               \
	X(int, mnl_socket_bind, (struct mnl_socket * nl, unsigned int groups, pid_t pid),          \
	  (nl, groups, pid))                                                                        \
	X(int, mnl_socket_close, (struct mnl_socket * nl), (nl))                                   \
	X(int, mnl_socket_get_fd, (const struct mnl_socket *nl), (nl))                             \
	X(unsigned int, mnl_socket_get_portid, (const struct mnl_socket *nl), (nl))                \
	X(ssize_t, mnl_socket_sendto, (const struct mnl_socket *nl, const void *req, size_t siz),  \
	  (nl, req, siz))                                                                           \
	X(ssize_t, mnl_socket_recvfrom, (const struct mnl_socket *nl, void *buf, size_t siz),      \
	  (nl, buf, siz))                                                                           \
	X(int, mnl_socket_setsockopt,                                                              \
	  (const struct mnl_socket *nl, int type, void *buf, socklen_t len), (nl, type, buf, len)) \
	X(size_t, mnl_nlmsg_get_payload_len, (const struct nlmsghdr *nlh), (nlh))                  \
	X(struct nlmsghdr *, mnl_nlmsg_put_header, (void *buf), (buf))                             \
	X(void *, mnl_nlmsg_put_extra_header, (struct nlmsghdr * nlh, size_t size), (nlh, size))   \
	X(bool, mnl_nlmsg_ok, (const struct nlmsghdr *nlh, int len), (nlh, len))                   \
	X(struct nlmsghdr *, mnl_nlmsg_next, (const struct nlmsghdr *nlh, int *len), (nlh, len))   \
	X(void *, mnl_nlmsg_get_payload, (const struct nlmsghdr *nlh), (nlh))                      \
	X(void *, mnl_nlmsg_get_payload_offset, (const struct nlmsghdr *nlh, size_t offset),       \
	  (nlh, offset))                                                                            \
	X(void *, mnl_nlmsg_get_payload_tail, (const struct nlmsghdr *nlh), (nlh))                 \
	X(struct mnl_nlmsg_batch *, mnl_nlmsg_batch_start, (void *buf, size_t bufsiz),             \
	  (buf, bufsiz))                                                                            \
	X(bool, mnl_nlmsg_batch_next, (struct mnl_nlmsg_batch * b), (b))                           \
	V(mnl_nlmsg_batch_stop, (struct mnl_nlmsg_batch * b), (b))                                 \
	X(size_t, mnl_nlmsg_batch_size, (struct mnl_nlmsg_batch * b), (b))                         \
	X(void *, mnl_nlmsg_batch_head, (struct mnl_nlmsg_batch * b), (b))                         \
	X(void *, mnl_nlmsg_batch_current, (struct mnl_nlmsg_batch * b), (b))                      \
	X(uint16_t, mnl_attr_get_type, (const struct nlattr *attr), (attr))                        \
	X(uint16_t, mnl_attr_get_payload_len, (const struct nlattr *attr), (attr))                 \
	X(void *, mnl_attr_get_payload, (const struct nlattr *attr), (attr))                       \
	X(uint8_t, mnl_attr_get_u8, (const struct nlattr *attr), (attr))                           \
	X(uint16_t, mnl_attr_get_u16, (const struct nlattr *attr), (attr))                         \
	X(uint32_t, mnl_attr_get_u32, (const struct nlattr *attr), (attr))                         \
	X(uint64_t, mnl_attr_get_u64, (const struct nlattr *attr), (attr))                         \
	X(const char *, mnl_attr_get_str, (const struct nlattr *attr), (attr))                     \
	V(mnl_attr_put, (struct nlmsghdr * nlh, uint16_t type, size_t len, const void *data),      \
	  (nlh, type, len, data))                                                                   \
	V(mnl_attr_put_u8, (struct nlmsghdr * nlh, uint16_t type, uint8_t data), (nlh, type, data)) \
	V(mnl_attr_put_u16, (struct nlmsghdr * nlh, uint16_t type, uint16_t data),                 \
	  (nlh, type, data))                                                                        \
	V(mnl_attr_put_u32, (struct nlmsghdr * nlh, uint16_t type, uint32_t data),                 \
	  (nlh, type, data))                                                                        \
	V(mnl_attr_put_u64, (struct nlmsghdr * nlh, uint16_t type, uint64_t data),                 \
	  (nlh, type, data))                                                                        \
	V(mnl_attr_put_str, (struct nlmsghdr * nlh, uint16_t type, const char *data),              \
	  (nlh, type, data))                                                                        \
	V(mnl_attr_put_strz, (struct nlmsghdr * nlh, uint16_t type, const char *data),             \
	  (nlh, type, data))                                                                        \
	X(struct nlattr *, mnl_attr_nest_start, (struct nlmsghdr * nlh, uint16_t type),            \
	  (nlh, type))                                                                              \
	V(mnl_attr_nest_end, (struct nlmsghdr * nlh, struct nlattr * start), (nlh, start))         \
	X(int, mnl_attr_type_valid, (const struct nlattr *attr, uint16_t maxtype), (attr, maxtype)) \
	X(int, mnl_attr_validate, (const struct nlattr *attr, enum mnl_attr_data_type type),       \
	  (attr, type))                                                                             \
	X(bool, mnl_attr_ok, (const struct nlattr *attr, int len), (attr, len))                    \
	X(struct nlattr *, mnl_attr_next, (const struct nlattr *attr), (attr))                     \
	X(int, mnl_attr_parse,                                                                     \
	  (const struct nlmsghdr *nlh, unsigned int offset, mnl_attr_cb_t cb, void *data),         \
	  (nlh, offset, cb, data))                                                                  \
	X(int, mnl_attr_parse_nested, (const struct nlattr *attr, mnl_attr_cb_t cb, void *data),   \
	  (attr, cb, data))                                                                         \
	X(int, mnl_cb_run,                                                                         \
	  (const void *buf, size_t numbytes, unsigned int seq, unsigned int portid,                \
	   mnl_cb_t cb_data, void *data),                                                          \
	  (buf, numbytes, seq, portid, cb_data, data))

/* A field named after the function: a name, which parentheses would break. */
#define FIELD(ret, name, params, args) __typeof__(name) *name; // NOLINT(bugprone-macro-parentheses)
#define VFIELD(name, params, args) __typeof__(name) *name;     // NOLINT(bugprone-macro-parentheses)
static struct {
	MNL_FUNCTIONS(FIELD, VFIELD)
} api;
static bool loaded;

#define ENTRY(ret, name, params, args) DL_SYMBOL(__typeof__(api), name, name),
#define VENTRY(name, params, args) DL_SYMBOL(__typeof__(api), name, name),
static const struct dl_symbol symbols[] = { MNL_FUNCTIONS(ENTRY, VENTRY) };

int mnl_load(struct error *err)
{
	if (loaded)
		return 0;
	if (dl_load(LIBMNL_SONAME, symbols, ARRAY_SIZE(symbols), &api,
		    "install it (Debian: libmnl0), or use --net=none or --net=host", err) < 0)
		return -1;
	loaded = true;
	return 0;
}

/*
 * A call before mnl_load() would be a missing row in the step table; a trampoline still
 * loads the library then, and if it cannot, stops the process with the one line that
 * says why, as any failed setup step does.
 */
static void ensure_loaded(void)
{
	struct error err = { 0 };

	if (__builtin_expect(loaded, 1))
		return;
	if (mnl_load(&err) < 0) {
		error_print(&err);
		_exit(EXIT_ISOLATE);
	}
}

#define TRAMPOLINE(ret, name, params, args) \
	ret name params                     \
	{                                   \
		ensure_loaded();            \
		return api.name args;       \
	}
#define VTRAMPOLINE(name, params, args) \
	void name params                \
	{                               \
		ensure_loaded();        \
		api.name args;          \
	}
MNL_FUNCTIONS(TRAMPOLINE, VTRAMPOLINE)

#else

int mnl_load(struct error *err)
{
	(void)err;
	return 0;
}

#endif
