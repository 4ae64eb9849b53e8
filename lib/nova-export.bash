# bash completion for the five nova-export tools (installed under each
# tool's name in bash-completion's completions folder).  Options come from
# the tool's own --help, so they cannot drift from it; values are known
# for the options that take a name from a list.

_nova_export()
{
	local cur prev words cword
	_init_completion -s || return

	case $prev in
	--format)
		COMPREPLY=($(compgen -W 'neutral instruction chat completion completion-system
		    alpaca sharegpt' -- "$cur"))
		return ;;
	--target)
		COMPREPLY=($(compgen -W 'mlx openai trl mistral llamafactory' \
		    -- "$cur"))
		return ;;
	--mode) COMPREPLY=($(compgen -W 'pairs dialog' -- "$cur")); return ;;
	--reasoning)
		COMPREPLY=($(compgen -W 'drop think field' -- "$cur"))
		return ;;
	--dedup) COMPREPLY=($(compgen -W 'exact near' -- "$cur")); return ;;
	--dedup-key)
		COMPREPLY=($(compgen -W 'prompt completion pair' -- "$cur"))
		return ;;
	--keep)
		COMPREPLY=($(compgen -W 'first longest newest' -- "$cur"))
		return ;;
	--pii) COMPREPLY=($(compgen -W 'drop redact keep' -- "$cur")); return ;;
	--by)
		COMPREPLY=($(compgen -W 'prompt pair group: cluster' -- "$cur"))
		return ;;
	--stratify)
		COMPREPLY=($(compgen -W 'lang source metadata.' -- "$cur"))
		return ;;
	-d | --dir | --persist-dir | --conversations-dir)
		_filedir -d
		return ;;
	-o | --output | --rejects | --report | --clusters | --against | \
	    --seen | --templates | --train | --validation | --test | \
	    --blocklist | --tokenizer)
		# --tokenizer: a tokenizer.json or .model, or the model folder
		_filedir
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '$(_parse_help "$1")' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	_filedir
}
complete -F _nova_export cache2jsonl conv2jsonl synthgen jsonl-filter \
    jsonl-split
