conv2jsonl --mode chats
