#!/bin/sh
# The hardening configure found (HARDEN_CFLAGS, HARDEN_LDFLAGS, build-config.h) is in the
# built isolate: PIE, RELRO, BIND_NOW, stack protector, _FORTIFY_SOURCE. TAP output; each
# check skips when configure left its flag out (--disable-hardening, or the toolchain).
bin=${ISOLATE:-$BUILD_DIR/isolate}
readelf=${READELF:-readelf}
if ! command -v "$readelf" >/dev/null 2>&1; then
	echo "1..0 # SKIP readelf is not installed (binutils)"
	exit 0
fi
if ! { header=$("$readelf" -h "$bin") && dynamic=$("$readelf" -d "$bin") &&
	segments=$("$readelf" -lW "$bin") && symbols=$("$readelf" --dyn-syms -W "$bin"); }; then
	echo "1..1"
	echo "not ok 1 - readelf reads $bin"
	exit 0
fi
n=0
# check DESCRIPTION FLAG-THAT-ENABLES-IT WHERE-THE-FLAG-IS SUCCEEDED
check() {
	n=$((n + 1))
	case " $3 " in
	*" $2 "*) ;;
	*) echo "ok $n - $1 # SKIP configure did not add $2"; return ;;
	esac
	if [ "$4" = yes ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
	fi
}
has() { printf '%s\n' "$1" | grep -Eq "$2" && echo yes || echo no; }

echo "1..5"
pie=no
if printf '%s\n' "$header" | grep -Eq 'Type:[[:space:]]+DYN' &&
	printf '%s\n' "$dynamic" | grep -Eq 'FLAGS_1.*[[:space:]]PIE'; then
	pie=yes
fi
check "PIE (ELF type DYN, DT_FLAGS_1 has PIE)" -pie "$HARDEN_LDFLAGS" $pie
check "RELRO (a GNU_RELRO segment)" -Wl,-z,relro "$HARDEN_LDFLAGS" "$(has "$segments" '^[[:space:]]*GNU_RELRO[[:space:]]')"
check "BIND_NOW (DT_FLAGS BIND_NOW or DT_FLAGS_1 NOW)" -Wl,-z,now "$HARDEN_LDFLAGS" \
	"$(has "$dynamic" '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*[[:space:]]NOW')"
check "stack protector (calls __stack_chk_fail)" -fstack-protector-strong "$HARDEN_CFLAGS" \
	"$(has "$symbols" '[[:space:]]__stack_chk_fail(@|$)')"
# _FORTIFY_SOURCE is defined by build-config.h, and only in optimised builds.
n=$((n + 1))
# shellcheck disable=SC2086 # CFLAGS is a flag list; the last -O wins
opt=$(printf '%s\n' $CFLAGS | grep '^-O' | tail -n 1)
if ! grep -q '^#define ISOLATE_FORTIFY_SOURCE' "$BUILD_CONFIG_H"; then
	echo "ok $n - _FORTIFY_SOURCE # SKIP configure did not enable it"
elif [ -z "$opt" ] || [ "$opt" = -O0 ]; then
	echo "ok $n - _FORTIFY_SOURCE # SKIP CFLAGS do not optimise"
elif printf '%s\n' "$symbols" | grep -q '__asan_init'; then
	echo "ok $n - _FORTIFY_SOURCE # SKIP AddressSanitizer build (build-config.h leaves it out)"
elif printf '%s\n' "$symbols" | grep -Eq '[[:space:]]__[a-z_]+_chk(@|$)'; then
	echo "ok $n - _FORTIFY_SOURCE (calls checked __*_chk functions)"
else
	echo "not ok $n - _FORTIFY_SOURCE (no __*_chk function in the binary)"
fi
