#!/bin/sh
# check_banned.sh SOURCE_DIR — fails when C sources use unbounded or unsafe string functions (strcpy, strcat, sprintf,
# vsprintf, strtok, atoi, atol, gets). Use snprintf, memcpy with lengths, strtok_r-free parsing, strtol.
set -eu
src=$1
hits=$(grep -rnE '(^|[^_a-zA-Z0-9])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\(' \
	"$src/core" "$src/plugins" "$src/sdk" "$src/tests/unit" "$src/tests/fuzz" "$src/tests/plugins" \
	--include='*.c' --include='*.h' || true)
if [ -n "$hits" ]; then
	echo "banned functions used:"
	echo "$hits"
	exit 1
fi
echo "no banned function in C sources"
