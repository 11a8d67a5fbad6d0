#!/usr/bin/env bats
# The bash completion (contrib/bash-completion/isolate) in a bash without the
# bash-completion package: no _init_completion, _command_offset or _filedir. First the
# function itself, fed COMP_WORDS split as bash splits them; then a real interactive
# bash on a terminal (tmux), where Tab must complete the line.

load helpers

COMPLETION="$BATS_TEST_DIRNAME/../contrib/bash-completion/isolate"

setup() {
	WORK=$(mktemp -d /tmp/isolate-compl.XXXXXX)
	chmod 0755 "$WORK"
}

teardown() {
	[ -z "${TM[*]:-}" ] || "${TM[@]}" kill-server 2>/dev/null || true
	rm -rf "$WORK"
}

# complete LINE: complete the end of LINE as bash would (words split at blanks and
# around '=', as with the default COMP_WORDBREAKS), in `bash --norc`, where no
# bash-completion function exists. Prints the candidates, one a line, and then
# "compopt: OPTIONS" for each compopt call.
complete() {
	rm -f "$WORK/compopt"
	bash --norc --noprofile -c '
		set -u
		declare -F _init_completion _command_offset _filedir && { echo "bash-completion is loaded"; exit 1; }
		compopt() { echo "compopt: $*" >>"$WORK/compopt"; }
		source "$1"
		line=$2
		COMP_WORDS=()
		for tok in $line; do
			while [[ $tok == *=* ]]; do
				[ -n "${tok%%=*}" ] && COMP_WORDS+=("${tok%%=*}")
				COMP_WORDS+=("=")
				tok=${tok#*=}
			done
			[ -n "$tok" ] && COMP_WORDS+=("$tok")
		done
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line COMP_POINT=${#line}
		COMPREPLY=()
		_isolate
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"
		[ ! -e "$WORK/compopt" ] || cat "$WORK/compopt"
	' complete "$COMPLETION" "$1"
}

@test "completion without bash-completion: options" {
	export WORK
	run complete "isolate --hostn"
	[ "$status" -eq 0 ]
	[ "$output" = $'--hostname=\ncompopt: -o nospace' ]
	run complete "isolate --map-"
	[ "$status" -eq 0 ]
	[[ "$output" == *"--map-root="* && "$output" == *"--map-identity"* && "$output" == *"--map-auto"* ]]
}

@test "completion without bash-completion: option values, after '=' and as the next word" {
	export WORK
	run complete "isolate --net=pa"
	[ "$status" -eq 0 ]
	[ "$output" = "pasta" ]
	run complete "isolate --net "
	[ "$status" -eq 0 ]
	[ "$(tr '\n' ' ' <<<"$output")" = "veth pasta none host " ]
	run complete "isolate --net="
	[ "$status" -eq 0 ]
	[ "$(tr '\n' ' ' <<<"$output")" = "veth pasta none host " ]
	run complete "isolate --share=net,ut"
	[ "$status" -eq 0 ]
	[[ "$output" == "net,uts"* ]]
	run complete "isolate --cap-add=SYS_AD"
	[ "$status" -eq 0 ]
	[[ "$output" == "SYS_ADMIN"* ]]
	run complete "isolate --hostname="
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "completion without bash-completion: --chdir offers directories, --unsetenv variables" {
	export WORK
	mkdir "$WORK/somedir"
	touch "$WORK/somefile"
	run complete "isolate --chdir=$WORK/some"
	[ "$status" -eq 0 ]
	[[ "$output" == "$WORK/somedir"$'\n'"compopt: -o filenames" ]]
	ISOLATE_TEST_VAR=1 run complete "isolate --unsetenv ISOLATE_TEST_V"
	[ "$status" -eq 0 ]
	[ "$output" = "ISOLATE_TEST_VAR" ]
}

@test "completion without bash-completion: PROGRAM is a command, its arguments are files" {
	export WORK
	run complete "isolate --net=none hostnam"
	[ "$status" -eq 0 ]
	grep -qx hostname <<<"$output"
	# Options after PROGRAM are PROGRAM's: file names (readline's default), not isolate's.
	run complete "isolate --hostname box ls --hostn"
	[ "$status" -eq 0 ]
	[ "$output" = "compopt: -o default" ]
	run complete "isolate --setenv A B -- ls "
	[ "$status" -eq 0 ]
	[ "$output" = "compopt: -o default" ]
	# --setenv KEY=VALUE (split by bash at '=', put back together) is one argument;
	# --setenv KEY VALUE and -e KEY VALUE are two.
	run complete "isolate --setenv A=B hostnam"
	[ "$status" -eq 0 ]
	grep -qx hostname <<<"$output"
	run complete "isolate -e A B hostnam"
	[ "$status" -eq 0 ]
	grep -qx hostname <<<"$output"
	run complete "isolate --setenv A=B C hostnam"
	[ "$status" -eq 0 ]
	[ "$output" = "compopt: -o default" ]
}

# A real terminal: an interactive bash with no bash-completion, the file sourced.
@test "completion without bash-completion: Tab completes in an interactive bash" {
	command -v tmux >/dev/null || skip "tmux is not installed (contrib/install-deps --test installs it)"
	cp "$COMPLETION" "$WORK/isolate.bash"
	touch "$WORK/unique-file-name"
	TM=(tmux -S "$WORK/sock" -f /dev/null)
	# No history file: an interactive bash writes $HOME/.bash_history as it exits, which
	# tmux's kill-server in teardown does not wait for; a write into $WORK racing its
	# removal failed that (one clean-clone run in about ten).
	"${TM[@]}" new-session -d -s t -x 150 -y 20 \
		env -i PATH="$USER_PATH" TERM=xterm HOME="$WORK" HISTFILE=/dev/null PS1='$ ' \
		bash --norc --noprofile -i
	# Keys go only to a bare prompt: readline prepares the terminal before it prints one,
	# and a Tab typed while the terminal is still cooked is the tty's, not readline's.
	tm_wait '^\$$'
	tm_line "source $WORK/isolate.bash; declare -F _init_completion || echo no-bash-completion"
	tm_wait '^no-bash-completion$'
	tm_wait '^\$$'
	tm_send -l "isolate --net=pa"
	tm_send Tab
	tm_wait '^\$ isolate --net=pasta$'
	tm_send -l -- "--cap-drop=NET_RA"
	tm_send Tab
	tm_wait '^\$ isolate --net=pasta --cap-drop=NET_RAW$'
	tm_send -l " cat $WORK/unique-fi"
	tm_send Tab
	tm_wait "^\\\$ isolate --net=pasta --cap-drop=NET_RAW cat $WORK/unique-file-name\$"
}

@test "completion without bash-completion: --join, --stop and --signal offer the running instances" {
	export WORK
	export ISOLATE_STATE_DIR=$WORK/state
	"$ISOLATE" --name compl-web --detach --net none sleep 1000
	run complete "$ISOLATE --join compl-"
	local join=$output
	run complete "$ISOLATE --stop="
	local stop=$output
	run complete "$ISOLATE --signal compl"
	local signal=$output
	run complete "$ISOLATE --config=$WORK/st"
	local config=$output
	"$ISOLATE" --stop compl-web
	[ "$join" = compl-web ]
	[ "$stop" = compl-web ]
	[ "$signal" = $'compl-web:\ncompopt: -o nospace' ]
	[[ "$config" == "$WORK/state"* ]]
}
