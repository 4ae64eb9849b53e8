# An export as the app delivers it, a .zip: its conversations.json is read
# in place (the user file and images beside it are not conversations); a
# file that is no archive is named and counted.
conv2jsonl --min-length 0 --stats "$FIXTURES/exports/chatgpt-export.zip" || exit 1
printf 'not a zip\n' >broken.zip
conv2jsonl --min-length 0 broken.zip
