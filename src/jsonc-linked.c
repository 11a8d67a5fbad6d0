/* jsonc-linked.c - the json-c functions as linked into a program: what the unit tests and
 * the fuzz target give the profile parser (isolate loads them with dlopen instead). */
#include <json-c/json.h>

#include "seccomp-profile.h"

const struct jsonc_api *jsonc_linked(void)
{
	static const struct jsonc_api api = {
		json_tokener_new_ex,      json_tokener_parse_ex,      json_tokener_get_error,
		json_tokener_error_desc,  json_tokener_get_parse_end, json_tokener_free,
		json_object_get_type,     json_object_object_get_ex,  json_object_array_length,
		json_object_array_get_idx, json_object_get_string,    json_object_get_string_len,
		json_object_get_int64,    json_object_get_uint64,     json_object_put,
	};

	return &api;
}
