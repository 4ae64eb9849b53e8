# SillyTavern: a swipe passed over against swipes[swipe_id], with the
# chosen reply's reasoning and the chat before it as context, from the
# first user turn on: the character's greeting before it is left out, as
# ordinary pairs leave it out (templates that want user, assistant in
# turn refuse a context that opens with an assistant's turn).
conv2jsonl --preferences pairs --min-length 0 "$FIXTURES/exports/sillytavern-chat.jsonl"
# A swipe on the last reply too: its context is the exchange before,
# without the greeting, as in the chat's ordinary pairs with --context.
{
	sed '$d' "$FIXTURES/exports/sillytavern-chat.jsonl"
	printf '%s\n' '{"name":"Orin","is_user":false,"is_system":false,"send_date":"2026-04-05T15:23:07.000Z","mes":"About an hour at an easy pace, a little more if the wind is against you.","extra":{},"swipes":["Half a day, if you stop at every rock pool.","About an hour at an easy pace, a little more if the wind is against you."],"swipe_id":1}'
} >later.jsonl
conv2jsonl --preferences pairs --min-length 0 later.jsonl
conv2jsonl --min-length 0 --context 8 later.jsonl
