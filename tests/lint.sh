#!/bin/sh
# make lint (cppcheck, clang-tidy, mandoc) as one TAP test; skips when the tools are missing.
for tool in cppcheck clang-tidy mandoc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (contrib/install-deps installs it)"
		exit 0
	fi
done
echo "1..1"
if log=$($MAKE -s -C "$BUILD_DIR" lint 2>&1); then
	echo "ok 1 - make lint: cppcheck, clang-tidy and mandoc are clean"
else
	echo "not ok 1 - make lint"
	printf '%s\n' "$log" | sed 's/^/# /'
fi
