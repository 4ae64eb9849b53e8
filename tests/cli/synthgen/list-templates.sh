synthgen --list-templates | tail -n 1
