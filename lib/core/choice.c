#include <string.h>

#include "choice.h"

const struct nx_cli_choice *
nx_cli_choice_find(const struct nx_cli_choice *t, const char *name)
{
	for (; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

const char *
nx_cli_choice_name(const struct nx_cli_choice *t, int value)
{
	for (; t->name != NULL; t++)
		if (t->value == value)
			return t->name;
	return NULL;
}
