# bash completion for the five nova-export tools (installed under each
# tool's name in bash-completion's completions folder).  Everything comes
# from the tool's own --help, which is made from the same table as its
# option parser, so the two cannot drift: the options, and for the option
# before the cursor its values ("--pii drop|redact|keep"), or files for
# FILE and PATH, folders for DIR.

_nova_export()
{
	local cur prev words cword
	_init_completion -s || return

	if [[ $prev == -* ]]; then
		local line arg
		line=$("$1" --help 2>/dev/null |
		    grep -E -m1 -e "^ +(-[a-z], )?$prev[, ]")
		arg=${line#*--}
		arg=${arg#* }
		arg=${arg%% *}
		case $arg in
		'') ;; # takes nothing: complete as usual
		FILE | PATH) _filedir; return ;;
		DIR) _filedir -d; return ;;
		*'|'*)
			# "group:FIELD" offers "group:", to be finished by hand
			local v vals=()
			for v in ${arg//|/ }; do
				vals+=("${v%%[A-Z]*}")
			done
			COMPREPLY=($(compgen -W "${vals[*]}" -- "$cur"))
			[[ ${COMPREPLY-} == *[:.] ]] && compopt -o nospace
			return ;;
		*) return ;; # a number, a list or a text: nothing to offer
		esac
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '$(_parse_help "$1")' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	_filedir
}
complete -F _nova_export cache2jsonl conv2jsonl synthgen jsonl-filter \
    jsonl-split
